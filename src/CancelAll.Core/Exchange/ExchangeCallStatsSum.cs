namespace CancelAll.Core.Exchange;

/// <summary>Adds up how several calls went on the wire.</summary>
internal static class ExchangeCallStatsSum
{
    public static ExchangeCallStats Of(IEnumerable<ExchangeCallStats> stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var attempts = 0;
        var calls = 0;
        var waited = TimeSpan.Zero;
        var duration = TimeSpan.Zero;
        foreach (var s in stats)
        {
            attempts += s.Attempts;
            calls += s.Calls;
            waited += s.RateLimitWait;
            duration += s.Duration;
        }

        return new ExchangeCallStats(attempts, waited, duration, calls);
    }
}
