namespace NrsGirls.Tests.Infrastructure;

/// <summary>
/// Tests that load Azurite (single-threaded) or PostgreSQL for minutes run alone, after the parallel tests,
/// one class at a time, so they never compete with each other. Measured: the 1,000 × 5 queue test takes
/// 46 s against a fresh Azurite but about 550 s at the end of a full run, alone or not, because Azurite slows
/// down with what earlier tests leave in it; the fix still to make is a fresh Azurite (or cleaned-up queues
/// and containers) for it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeavyTests
{
    public const string Name = "Heavy tests, alone";
}
