using CancelAll.Core.Exchange;

namespace CancelAll.Core.Tests.Exchange;

/// <summary>
/// A list's calls go at once, but never more of them in flight than the endpoint's per-second limit: a longer queue
/// would wait at the rate limiter past the calls' total timeout. Counted without any timing: the calls here finish
/// only when the test lets them.
/// </summary>
public sealed class AtOnceTests
{
    [Theory]
    [InlineData(BitgetEndpoints.V3ClosePositions, 5)]
    [InlineData(BitgetEndpoints.V3CancelStrategyOrder, 10)]
    [InlineData(BitgetEndpoints.V2ClosePositions, 1)]
    public async Task Sends_at_most_the_endpoints_per_second_limit_at_once_and_returns_the_results_in_the_items_order(string path, int limit)
    {
        var items = Enumerable.Range(0, 23).ToList();
        var inFlight = 0;
        var mostInFlight = 0;
        var gates = items.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToList();
        var started = new List<int>();

        var sending = AtOnce.SendAsync(items, path, async item =>
        {
            lock (started)
            {
                started.Add(item);
                mostInFlight = Math.Max(mostInFlight, ++inFlight);
            }

            await gates[item].Task;
            lock (started)
            {
                inFlight--;
            }

            return item * 10;
        });

        Assert.Equal(limit, started.Count); // the rest wait for a call to finish, not at the limiter
        foreach (var gate in Enumerable.Reverse(gates))
        {
            gate.SetResult(); // the last first: those still waiting start as earlier ones finish
        }

        var results = await sending;

        Assert.Equal(items.Select(i => i * 10), results.Select(t => t.Result)); // the items' order, not the finishing order
        Assert.Equal(limit, mostInFlight);
    }
}
