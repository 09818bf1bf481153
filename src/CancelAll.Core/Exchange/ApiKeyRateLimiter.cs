using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Exchange;

/// <summary>
/// Keeps each API key at or under its requests per second, across every caller in this process.
/// Each key gets its own sliding window of 50 ms segments, 250 ms longer than a second, so a permit comes back between
/// 1.20 and 1.25 s after it was used: the exchange never sees more than the limit in any one-second window, however
/// it slides, even when connection set-up or network delays bunch arrivals by up to 200 ms; a sustained stream still
/// gets about 80% of the limit.
/// </summary>
public sealed class ApiKeyRateLimiter(IOptions<ExchangeOptions> options) : IDisposable
{
    /// <summary>Bitget's limit for close-positions, per UID (we hold one key per account).</summary>
    public const int ClosePositionsPerSecond = 1;

    private readonly KeyedWindows general = new(options.Value.RequestsPerSecond, options.Value.RateLimitQueue);

    // close-positions has its own, lower limit at Bitget (1 request/s per UID), on top of the general one.
    private readonly KeyedWindows closePositions = new(ClosePositionsPerSecond, options.Value.RateLimitQueue);

    /// <summary>Waits for a permit for <paramref name="apiKey"/>; returns how long it waited.</summary>
    public ValueTask<TimeSpan> WaitAsync(string apiKey, CancellationToken cancellationToken) =>
        general.WaitAsync(apiKey, "Too many requests are already waiting for this API key's rate limit; this one was not sent. Retry shortly.", cancellationToken);

    /// <summary>Waits for a close-positions permit for <paramref name="apiKey"/> (1/s); the general permit is taken as well.</summary>
    public ValueTask<TimeSpan> WaitForClosePositionsAsync(string apiKey, CancellationToken cancellationToken) =>
        closePositions.WaitAsync(apiKey, "Too many close-positions requests are already waiting for this API key's 1 request/s limit; this one was not sent. Retry shortly.", cancellationToken);

    public void Dispose()
    {
        general.Dispose();
        closePositions.Dispose();
    }

    /// <summary>One sliding-window limiter per key, each replenished by its own timer every segment.</summary>
    private sealed class KeyedWindows(int permitsPerSecond, int queueLimit) : IDisposable
    {
        private static readonly TimeSpan Segment = TimeSpan.FromMilliseconds(50);

        // Room for requests sent a second apart to arrive closer together than that.
        private static readonly TimeSpan ArrivalMargin = TimeSpan.FromMilliseconds(200);

        private static readonly TimeSpan Window = TimeSpan.FromSeconds(1) + ArrivalMargin + Segment;
        private readonly ConcurrentDictionary<string, Lazy<SlidingWindowRateLimiter>> limiters = new(StringComparer.Ordinal);

        public async ValueTask<TimeSpan> WaitAsync(string apiKey, string refusal, CancellationToken cancellationToken)
        {
            var started = Stopwatch.GetTimestamp();
            var limiter = limiters.GetOrAdd(apiKey, _ => new Lazy<SlidingWindowRateLimiter>(Create)).Value;
            using var lease = await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            return lease.IsAcquired
                ? Stopwatch.GetElapsedTime(started)
                : throw new ExchangeException(ExchangeErrorKind.RateLimited, null, refusal);
        }

        public void Dispose()
        {
            foreach (var limiter in limiters.Values.Where(l => l.IsValueCreated))
            {
                limiter.Value.Dispose();
            }
        }

        private SlidingWindowRateLimiter Create() => new(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = permitsPerSecond,
            Window = Window,
            SegmentsPerWindow = (int)(Window / Segment),
            QueueLimit = queueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
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
