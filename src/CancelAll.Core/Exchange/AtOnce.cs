namespace CancelAll.Core.Exchange;

/// <summary>
/// Independent exchange calls in flight together: the caller starts every call before it awaits any (the per-endpoint
/// limiter queues what an endpoint's second cannot take), waits here until all have finished, then reads each task in
/// the inputs' order, so that outcomes do not depend on which answer came first.
/// </summary>
internal static class AtOnce
{
    /// <summary>Waits until every call has finished, however it ended; awaiting each task afterwards gives its own result or failure.</summary>
    public static async Task SettleAsync(IReadOnlyList<Task> calls)
    {
        if (calls.Count == 1)
        {
            // The common single call (a kill's one cancel): no combined task; its caller reads its failure.
            await calls[0].ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return;
        }

        var all = Task.WhenAll(calls);
        await all.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        // Read here, so that a failure no caller reads (one after the failure it throws) is never reported as unobserved.
        _ = all.Exception;
    }
}
