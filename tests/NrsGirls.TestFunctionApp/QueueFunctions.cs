using Dapper;
using Microsoft.Azure.Functions.Worker;
using Npgsql;

namespace NrsGirls.TestFunctionApp;

public sealed record TestMessage(Guid Id, string Text);

public sealed class RecordMessageQueue(NpgsqlDataSource postgres)
{
    /// <summary>Keeps the message keyed by its id; a redelivery only counts up <c>deliveries</c>.</summary>
    [Function(nameof(RecordMessage))]
    public async Task RecordMessage([QueueTrigger("%TESTAPP_RECORD_QUEUE%")] TestMessage message, CancellationToken ct)
    {
        await using var conn = await postgres.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            insert into local_host_messages (id, text) values (@Id, @Text)
            on conflict (id) do update set deliveries = local_host_messages.deliveries + 1
            """, message, cancellationToken: ct));
    }
}

public sealed class AlwaysFailsQueue(NpgsqlDataSource postgres)
{
    /// <summary>Writes inside a transaction, then fails before committing: no try may leave a row.</summary>
    [Function(nameof(AlwaysFails))]
    public async Task AlwaysFails([QueueTrigger("%TESTAPP_FAIL_QUEUE%")] string message, CancellationToken ct)
    {
        await using var conn = await postgres.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var id = System.Text.Json.JsonDocument.Parse(message).RootElement.GetProperty("id").GetGuid();
        await conn.ExecuteAsync(new CommandDefinition("insert into local_host_failed_writes (id) values (@id)", new { id }, tx, cancellationToken: ct));
        throw new InvalidOperationException($"AlwaysFails refuses message {id}.");
    }
}
