namespace NrsGirls.Tests.Infrastructure;

/// <summary>
/// Tests that load Azurite (single-threaded) or PostgreSQL for minutes: run alone, after the parallel
/// tests, one class at a time. Side by side on a 2-core machine they slowed each other tenfold
/// (the 1,000 × 5 queue test: 46 s alone, 563 s beside the randomized ledger test).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeavyTests
{
    public const string Name = "Heavy tests, alone";
}
