namespace CancelAll.Core.Exchange;

/// <summary>
/// The exchange's clock as seen from here: local time from <see cref="TimeProvider"/> plus the last measured offset.
/// Bitget rejects timestamps more than 30 s off its own clock, so after a 40004/40005/40008 the client resyncs.
/// </summary>
public sealed class ExchangeClock(TimeProvider timeProvider)
{
    private long offsetMs;

    public long OffsetMs => Interlocked.Read(ref offsetMs);

    public long NowMs() => timeProvider.GetUtcNow().ToUnixTimeMilliseconds() + OffsetMs;

    /// <summary>Records the server's time, assuming it was read halfway through the round trip.</summary>
    public void Sync(long serverTimeMs, long sentAtLocalMs, long receivedAtLocalMs)
    {
        var midpoint = sentAtLocalMs + ((receivedAtLocalMs - sentAtLocalMs) / 2);
        Interlocked.Exchange(ref offsetMs, serverTimeMs - midpoint);
    }

    public long LocalNowMs() => timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
}
