using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;

namespace CancelAll.TestExchange;

/// <summary>Thread-safe request counters for benchmarks.</summary>
public sealed class BenchCounters
{
    private readonly Lock gate = new();
    private readonly ConcurrentDictionary<string, int> counts = new(StringComparer.Ordinal);
    private double firstSignedMs;
    private double lastSignedMs;
    private int signed;
    private double signedServerMs;

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

    /// <param name="serverMs">The exchange's own time for the request: from its arrival at the middleware to the answer written.</param>
    internal void Add(string path, int status, bool isSigned, double arrivedMs, double serverMs)
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
            signedServerMs += serverMs;
        }
    }

    internal void Reset()
    {
        lock (gate)
        {
            counts.Clear();
            firstSignedMs = 0;
            lastSignedMs = 0;
            signedServerMs = 0;
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
                ["signedServerMs"] = signedServerMs,
                ["requests"] = byPath,
            };
        }
    }
}
