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

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!condition() && watch.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(5);
        }
    }
}
