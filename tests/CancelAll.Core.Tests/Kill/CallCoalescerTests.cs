using CancelAll.Core.Kill;
using Microsoft.Extensions.Time.Testing;

namespace CancelAll.Core.Tests.Kill;

public class CallCoalescerTests
{
    [Fact]
    public async Task A_storm_of_distinct_keys_leaves_no_entry_behind()
    {
        var coalescer = new CallCoalescer<int, int>();
        var results = await Task.WhenAll(Enumerable.Range(0, 5000).Select(i => coalescer.RunAsync(i, () => Task.FromResult(i))));

        Assert.Equal(Enumerable.Range(0, 5000), results);
        await WaitUntilAsync(() => coalescer.ActiveKeys == 0);
        Assert.Equal(0, coalescer.ActiveKeys);
    }

    [Fact]
    public async Task An_entry_stays_for_its_spacing_then_goes()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var coalescer = new CallCoalescer<string, int>(TimeSpan.FromMilliseconds(100), time);

        Assert.Equal(1, await coalescer.RunAsync("k", () => Task.FromResult(1)));
        await Task.Delay(20);
        Assert.Equal(1, coalescer.ActiveKeys);

        time.Advance(TimeSpan.FromMilliseconds(100));
        await WaitUntilAsync(() => coalescer.ActiveKeys == 0);
        Assert.Equal(0, coalescer.ActiveKeys);

        // The key works again afterwards, at once.
        Assert.Equal(2, await coalescer.RunAsync("k", () => Task.FromResult(2)).WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task An_idle_keys_call_starts_on_the_callers_thread_before_RunAsync_returns()
    {
        var coalescer = new CallCoalescer<string, int>();
        var caller = Environment.CurrentManagedThreadId;
        int? ranOn = null;
        var answer = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        var run = coalescer.RunAsync("k", () =>
        {
            ranOn = Environment.CurrentManagedThreadId;
            return answer.Task;
        });

        // No hand-over to the thread pool: the call's synchronous part has run, here, by the time RunAsync returns.
        Assert.Equal(caller, ranOn);
        Assert.False(run.IsCompleted);
        answer.SetResult(7);
        Assert.Equal(7, await run.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_call_that_throws_before_its_first_await_faults_its_run_and_frees_the_key()
    {
        var coalescer = new CallCoalescer<string, int>();

        var failed = coalescer.RunAsync("k", () => throw new InvalidOperationException("refused at once"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failed.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("refused at once", error.Message);
        await WaitUntilAsync(() => coalescer.ActiveKeys == 0);
        Assert.Equal(3, await coalescer.RunAsync("k", () => Task.FromResult(3)).WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_request_that_arrives_while_an_inline_started_call_runs_joins_the_next_run()
    {
        var coalescer = new CallCoalescer<string, int>();
        var first = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;

        var running = coalescer.RunAsync("k", () => { Interlocked.Increment(ref calls); return first.Task; });
        var joined = coalescer.RunAsync("k", () => { Interlocked.Increment(ref calls); return Task.FromResult(2); });
        var joinedToo = coalescer.RunAsync("k", () => { Interlocked.Increment(ref calls); return Task.FromResult(3); });

        Assert.Equal(1, calls);
        first.SetResult(1);
        Assert.Equal(1, await running.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(2, await joined.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(2, await joinedToo.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(2, calls);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!condition() && watch.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(5);
        }
    }
}
