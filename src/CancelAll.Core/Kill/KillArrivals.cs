namespace CancelAll.Core.Kill;

/// <summary>
/// Says that a real kill has arrived, so that work done only to make kills faster (the start-up warm-up's tier-up,
/// <see cref="WarmUp"/>) stops at once instead of taking CPU from it. One per app; the workflow raises it.
/// </summary>
public sealed class KillArrivals : IDisposable
{
    private readonly CancellationTokenSource arrived = new();

    /// <summary>Cancelled when the first real kill arrives.</summary>
    public CancellationToken Arrived => arrived.Token;

    /// <summary>A real kill arrived. After the first, a single read.</summary>
    public void Notify()
    {
        if (!arrived.IsCancellationRequested)
        {
            // CancelAsync runs the listeners' callbacks on the thread pool, not on the kill's own thread.
            _ = arrived.CancelAsync();
        }
    }

    public void Dispose() => arrived.Dispose();
}
