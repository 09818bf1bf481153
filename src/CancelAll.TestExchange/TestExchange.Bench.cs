using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CancelAll.TestExchange;

/// <summary>
/// Hooks for benchmarks, from outside the process: GET /_bench/stats counts requests per path and status and tells
/// when the first and last signed request arrived; POST /_bench/reset clears that; POST /_bench/rate-limit?perSecond=N
/// changes the per-key limit (0 = off) without a restart. Loopback only, like the rest of the test exchange.
/// </summary>
public sealed partial class TestExchange
{
    private readonly BenchCounters benchCounters = new();

    /// <summary>Requests counted since the last reset, by path and status; and first/last signed arrival times.</summary>
    public BenchCounters Counters => benchCounters;

    private void MapBenchRoutes()
    {
        app.Use(async (http, next) =>
        {
            var path = http.Request.Path.Value ?? string.Empty;
            if (path.StartsWith("/_bench/", StringComparison.Ordinal))
            {
                await next(http).ConfigureAwait(false);
                return;
            }

            // Arrival is taken before the body is read or the signature checked: the moment the request reached us.
            var arrivedMs = UnixMs(options.TimeProvider.GetUtcNow());
            var signed = http.Request.Headers.ContainsKey("ACCESS-SIGN");
            await next(http).ConfigureAwait(false);
            benchCounters.Add(path, http.Response.StatusCode, signed, arrivedMs);
        });
        app.MapGet("/_bench/stats", () => Results.Content(benchCounters.ToJson().ToJsonString(), "application/json"));
        app.MapPost("/_bench/reset", () =>
        {
            benchCounters.Reset();
            return Results.NoContent();
        });
        app.MapPost("/_bench/rate-limit", (int perSecond) =>
        {
            RequestsPerSecondPerKey = Math.Max(0, perSecond);
            requestLog.Clear();
            unifiedLog.Clear();
            return Results.NoContent();
        });
    }

    private static double UnixMs(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).TotalMilliseconds;
}

/// <summary>Thread-safe request counters for benchmarks.</summary>
public sealed class BenchCounters
{
    private readonly Lock gate = new();
    private readonly ConcurrentDictionary<string, int> counts = new(StringComparer.Ordinal);
    private double firstSignedMs;
    private double lastSignedMs;
    private int signed;

    public int SignedRequests => Volatile.Read(ref signed);

    /// <summary>Unix time in milliseconds (fractional) at which the first signed request since the last reset arrived; 0 when none did.</summary>
    public double FirstSignedMs
    {
        get
        {
            lock (gate)
            {
                return firstSignedMs;
            }
        }
    }

    /// <summary>Requests to <paramref name="path"/> since the last reset, any status.</summary>
    public int Count(string path) => counts.Where(c => c.Key.StartsWith(path + " ", StringComparison.Ordinal)).Sum(c => c.Value);

    internal void Add(string path, int status, bool isSigned, double arrivedMs)
    {
        counts.AddOrUpdate(path + " " + status.ToString(CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
        if (!isSigned)
        {
            return;
        }

        Interlocked.Increment(ref signed);
        lock (gate)
        {
            if (firstSignedMs == 0 || arrivedMs < firstSignedMs)
            {
                firstSignedMs = arrivedMs;
            }

            lastSignedMs = Math.Max(lastSignedMs, arrivedMs);
        }
    }

    internal void Reset()
    {
        lock (gate)
        {
            counts.Clear();
            firstSignedMs = 0;
            lastSignedMs = 0;
            Interlocked.Exchange(ref signed, 0);
        }
    }

    internal JsonObject ToJson()
    {
        lock (gate)
        {
            var byPath = new JsonObject();
            foreach (var (key, count) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                byPath[key] = count;
            }

            return new JsonObject
            {
                ["signed"] = SignedRequests,
                ["firstSignedMs"] = firstSignedMs,
                ["lastSignedMs"] = lastSignedMs,
                ["requests"] = byPath,
            };
        }
    }
}
