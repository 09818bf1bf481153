using System.Diagnostics;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Exchange;

/// <summary>
/// Keeps each API key at or under its requests per second, across every caller in this process.
/// The window is one segment longer than a second, so a permit is returned no sooner than a full second
/// after it was used: the exchange never sees more than the limit in any one-second window, however it slides.
/// </summary>
public sealed class ApiKeyRateLimiter : IDisposable
{
    private const int SegmentsPerSecond = 10;
    private readonly PartitionedRateLimiter<string> limiter;

    // close-positions has its own, lower limit at Bitget (1 request/s per UID), on top of the general one.
    private readonly PartitionedRateLimiter<string> closePositionsLimiter;

    public ApiKeyRateLimiter(IOptions<ExchangeOptions> options)
    {
        var exchange = options.Value;
        limiter = PartitionedRateLimiter.Create<string, string>(apiKey => RateLimitPartition.GetSlidingWindowLimiter(
            apiKey,
            _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = exchange.RequestsPerSecond,
                Window = TimeSpan.FromMilliseconds(1000 + (1000 / SegmentsPerSecond)),
                SegmentsPerWindow = SegmentsPerSecond + 1,
                QueueLimit = exchange.RateLimitQueue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            }));
        closePositionsLimiter = PartitionedRateLimiter.Create<string, string>(apiKey => RateLimitPartition.GetSlidingWindowLimiter(
            apiKey,
            _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = ClosePositionsPerSecond,
                Window = TimeSpan.FromMilliseconds(1000 + (1000 / SegmentsPerSecond)),
                SegmentsPerWindow = SegmentsPerSecond + 1,
                QueueLimit = exchange.RateLimitQueue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            }));
    }

    /// <summary>Bitget's limit for close-positions, per UID (we hold one key per account).</summary>
    public const int ClosePositionsPerSecond = 1;

    /// <summary>Waits for a permit for <paramref name="apiKey"/>; returns how long it waited.</summary>
    public async ValueTask<TimeSpan> WaitAsync(string apiKey, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var lease = await limiter.AcquireAsync(apiKey, 1, cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            throw new ExchangeException(ExchangeErrorKind.RateLimited, null, "Too many requests are already waiting for this API key's rate limit; this one was not sent. Retry shortly.");
        }

        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>Waits for a close-positions permit for <paramref name="apiKey"/> (1/s); the general permit is taken as well.</summary>
    public async ValueTask<TimeSpan> WaitForClosePositionsAsync(string apiKey, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var lease = await closePositionsLimiter.AcquireAsync(apiKey, 1, cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            throw new ExchangeException(ExchangeErrorKind.RateLimited, null, "Too many close-positions requests are already waiting for this API key's 1 request/s limit; this one was not sent. Retry shortly.");
        }

        return Stopwatch.GetElapsedTime(started);
    }

    public void Dispose()
    {
        limiter.Dispose();
        closePositionsLimiter.Dispose();
    }
}

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

/// <summary>
/// Sits inside the retry handler, so that every attempt, retries included, takes a permit for its API key.
/// </summary>
internal sealed class RateLimitingHandler(ApiKeyRateLimiter limiter) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        if (request.Options.TryGetValue(SigningContext.Key, out var signing))
        {
            if (signing.Request.Path == BitgetClient.ClosePositionsPath)
            {
                waited += await limiter.WaitForClosePositionsAsync(signing.Credentials.ApiKey, cancellationToken).ConfigureAwait(false);
            }

            waited += await limiter.WaitAsync(signing.Credentials.ApiKey, cancellationToken).ConfigureAwait(false);
        }

        if (request.Options.TryGetValue(CallTracker.Key, out var tracker))
        {
            tracker.RecordAttempt(waited);
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}

internal static class BitgetHeaders
{
    public const string AccessKey = "ACCESS-KEY";
    public const string AccessSign = "ACCESS-SIGN";
    public const string AccessTimestamp = "ACCESS-TIMESTAMP";
    public const string AccessPassphrase = "ACCESS-PASSPHRASE";
    public const string Locale = "locale";
    public const string PaperTrading = "paptrading";
}
