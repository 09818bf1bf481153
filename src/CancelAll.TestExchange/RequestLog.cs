using System.Collections.Concurrent;

namespace CancelAll.TestExchange;

/// <summary>
/// How the exchange counts a per-key limit: the arrivals of the last second, exactly (a sliding log), so that a client
/// that bunches requests is caught however the second is placed.
/// </summary>
internal sealed class RequestLog
{
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> arrivals = new(StringComparer.Ordinal);

    /// <summary>Records the arrival and returns true, or returns false when the key already had <paramref name="limit"/> in the last second. 0 = no limit.</summary>
    public bool Admit(string key, int limit, DateTimeOffset now)
    {
        if (limit <= 0)
        {
            return true;
        }

        var recent = arrivals.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (recent)
        {
            while (recent.Count > 0 && now - recent.Peek() >= TimeSpan.FromSeconds(1))
            {
                recent.Dequeue();
            }

            if (recent.Count >= limit)
            {
                return false;
            }

            recent.Enqueue(now);
            return true;
        }
    }

    public void Clear() => arrivals.Clear();
}
