namespace CancelAll.Core.Exchange;

/// <summary>Counts what happens to one logical call as it passes the handlers (retries, limiter waits).</summary>
internal sealed class CallTracker
{
    public static readonly HttpRequestOptionsKey<CallTracker> Key = new("CancelAll.CallTracker");

    private int attempts;
    private long rateLimitWaitTicks;

    public int Attempts => Volatile.Read(ref attempts);

    public TimeSpan RateLimitWait => TimeSpan.FromTicks(Interlocked.Read(ref rateLimitWaitTicks));

    public void RecordAttempt(TimeSpan waited)
    {
        Interlocked.Increment(ref attempts);
        Interlocked.Add(ref rateLimitWaitTicks, waited.Ticks);
    }
}
