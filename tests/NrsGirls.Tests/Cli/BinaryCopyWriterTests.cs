using NrsGirls.Cli.Database;

namespace NrsGirls.Tests.Cli;

public class BinaryCopyWriterTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Values_written_in_binary_copy_format_read_back_exactly()
    {
        decimal[] numbers = [0m, 0.00m, 0.05m, 1m, 4.99m, 10.00m, 123.45m, 9999.99m, 10000m, 12345678.9012m, -7.5m, 0.0001m, 300.00m, 79228162514264337593543950335m];
        var when = new DateTime(2026, 11, 26, 5, 4, 3, 123, DateTimeKind.Utc).AddTicks(4560);
        await using var c = new NpgsqlConnection(app.OwnerConnectionString);
        await c.OpenAsync();
        await c.ExecuteAsync("create temp table copy_probe (i int, id uuid, t text, n numeric, ts timestamptz)");
        await using (var copy = await c.BeginRawBinaryCopyAsync("copy copy_probe (id, t, n, ts) from stdin (format binary)"))
        {
            var w = new BinaryCopyWriter(copy, bufferSize: 8192);
            for (var i = 0; i < numbers.Length * 50; i++)
            {
                await w.StartRowAsync(4, default);
                w.Uuid(new Guid(i, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11));
                if (i % 7 == 0) w.Null(); else w.Text($"zoë-{i}");
                w.Numeric(numbers[i % numbers.Length]);
                w.TimestampTz(when.AddSeconds(i));
            }
            await w.CompleteAsync(default);
        }
        var rows = (await c.QueryAsync<(Guid Id, string? T, decimal N, DateTime Ts)>("select id, t, n, ts from copy_probe")).ToList();
        Assert.Equal(numbers.Length * 50, rows.Count);
        foreach (var (id, t, n, ts) in rows)
        {
            var i = BitConverter.ToInt32(id.ToByteArray(), 0);
            Assert.Equal(i % 7 == 0 ? null : $"zoë-{i}", t);
            Assert.Equal(numbers[i % numbers.Length], n);
            Assert.Equal(numbers[i % numbers.Length].Scale, n.Scale);
            Assert.Equal(when.AddSeconds(i), ts.ToUniversalTime());
        }
    }
}
