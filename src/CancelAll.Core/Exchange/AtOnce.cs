namespace CancelAll.Core.Exchange;

/// <summary>
/// Independent exchange calls in flight together: the caller starts every call before it awaits any (the per-endpoint
/// limiter queues what an endpoint's second cannot take), waits here until all have finished, then reads each task in
/// the inputs' order, so that outcomes do not depend on which answer came first.
/// </summary>
internal static class AtOnce
{
    /// <summary>
    /// Sends one call per item, at most <paramref name="path"/>'s per-second limit of them in flight, and returns them
    /// in the items' order once every call has finished. The bound keeps each call's wait at the rate limiter to about
    /// a second: a long list sent all at once would queue there past the call's total timeout, and the limiter refuses
    /// a call it could not send in time (by the code: a classic flatten's closes past about 30, at 1/s, would fail so).
    /// </summary>
    public static async Task<IReadOnlyList<Task<T>>> SendAsync<TItem, T>(IReadOnlyList<TItem> items, string path, Func<TItem, Task<T>> send)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(send);
        using var inFlight = new SemaphoreSlim(BitgetEndpoints.LimitPerSecond(path) ?? 1);
        var sent = items.Select(SendOneAsync).ToList();
        await SettleAsync(sent).ConfigureAwait(false);
        return sent;

        async Task<T> SendOneAsync(TItem item)
        {
            await inFlight.WaitAsync().ConfigureAwait(false);
            try
            {
                return await send(item).ConfigureAwait(false);
            }
            finally
            {
                inFlight.Release();
            }
        }
    }

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
