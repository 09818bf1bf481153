using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CancelAll.TestExchange;

/// <summary>
/// Hooks for benchmarks, from outside the process: GET /_bench/stats counts requests per path and status and tells
/// when the first and last signed request arrived; POST /_bench/reset clears that; POST /_bench/rate-limit?perSecond=N
/// changes the per-key limit (0 = off) without a restart. The stats also sum the exchange's own time over the signed
/// requests (signedServerMs), so that a benchmark can tell the server's share of a call from the client's. Loopback only, like the rest of the test exchange.
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
            var started = Stopwatch.GetTimestamp();
            await next(http).ConfigureAwait(false);
            benchCounters.Add(path, http.Response.StatusCode, signed, arrivedMs, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
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
