using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("NrsGirls.Tests.Infrastructure.ServicesTestFramework", "NrsGirls.Tests")]

namespace NrsGirls.Tests.Infrastructure;

/// <summary>
/// xunit's own framework, plus one step when the run's last test has finished: stop the run's
/// PostgreSQL, redis-server and Azurite (<see cref="TestServices.StopAsync"/>). A process-exit handler
/// is not enough: the test host is ended before it runs, which left every run's services behind.
/// A test host killed outright is cleaned up by the next run's sweep (<see cref="TestServices.SweepStaleRunsAsync"/>).
/// </summary>
public sealed class ServicesTestFramework : XunitTestFramework
{
    public ServicesTestFramework(IMessageSink messageSink) : base(messageSink)
    {
        // Two cores give the pool two threads to start with, and it adds about one a second. Test classes
        // that start hosts, hash passwords and stream backups at once then left connection opens waiting
        // for a thread past their timeout (seen in CI); start with enough threads for the parallel classes.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
    }

    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceInformationProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformationProvider, diagnosticMessageSink)
    {
        // The runner waits for the assembly's finished message, not for this method (xunit's own is async void).
        protected override void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions) =>
            _ = RunAsync(testCases, executionMessageSink, executionOptions);

        private async Task RunAsync(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        {
            using var runner = new Runner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
            await runner.RunAsync();
        }
    }

    private sealed class Runner(ITestAssembly testAssembly, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnosticMessageSink,
        IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        : XunitTestAssemblyRunner(testAssembly, testCases, diagnosticMessageSink, executionMessageSink, executionOptions)
    {
        protected override async Task BeforeTestAssemblyFinishedAsync()
        {
            await Aggregator.RunAsync(TestServices.StopAsync);
            await base.BeforeTestAssemblyFinishedAsync();
        }
    }
}
