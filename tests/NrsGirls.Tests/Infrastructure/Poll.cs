using System.Diagnostics;

namespace NrsGirls.Tests.Infrastructure;

/// <summary>Waits for something asynchronous (a queue, a schedule) by polling with a deadline, never by sleeping a guess.</summary>
public static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = timeout ?? TimeSpan.FromSeconds(30);
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (done(value)) return value;
            if (sw.Elapsed > deadline) throw new TimeoutException($"Waited {deadline.TotalSeconds:0} s for {what}; last seen: {value}");
            await Task.Delay(100);
        }
    }
}
