namespace CancelAll.Core.Exchange;

/// <summary>
/// How calls went on the wire: <see cref="Calls"/> requests made, <see cref="Attempts"/> HTTP attempts sent for them
/// (retries included), and time spent waiting for the rate limiter. Real retries are attempts beyond one per call.
/// </summary>
public sealed record ExchangeCallStats(int Attempts, TimeSpan RateLimitWait, TimeSpan Duration, int Calls = 1)
{
    public static ExchangeCallStats None { get; } = new(0, TimeSpan.Zero, TimeSpan.Zero, 0);

    /// <summary>HTTP attempts that repeated a call: never negative, never counted across calls.</summary>
    public int Retries => Math.Max(0, Attempts - Calls);
}
