using NrsGirls.Shared.Payments;

namespace NrsGirls.Shared.Operations;

/// <summary>After a restore (and in every drill): the restored ledger keeps its invariants (<see cref="LedgerAudit"/>).</summary>
public sealed class LedgerAuditRestoreCheck : IRestoreCheck
{
    public string Name => "ledger audit";

    public async Task<IReadOnlyList<string>> RunAsync(NpgsqlConnection restored, BackupManifest manifest, CancellationToken ct) =>
        (await LedgerAudit.CheckAsync(restored, ct)).Select(v => v.ToString()).ToList();
}

/// <summary>Deep health is red while the live ledger breaks an invariant.</summary>
public sealed class LedgerAuditHealthCheck(LedgerAudit audit) : IDeepHealthCheck
{
    public string Name => "ledger audit";

    public async Task<IReadOnlyList<string>> CheckAsync(CancellationToken ct) =>
        (await audit.CheckAsync(ct)).Select(v => v.ToString()).ToList();
}
