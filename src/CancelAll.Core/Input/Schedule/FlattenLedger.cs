using System.Collections.Concurrent;

namespace CancelAll.Core.Input.Schedule;

/// <summary>Remembers which session ends this process has flattened, so a duplicate run does nothing.</summary>
public sealed class FlattenLedger(TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> claimed = new(StringComparer.Ordinal);

    /// <summary>True for the first claim of a session; false for every later one.</summary>
    public bool TryClaim(string sessionKey, DateTimeOffset sessionEnd)
    {
        foreach (var old in claimed.Where(c => c.Value < timeProvider.GetUtcNow() - TimeSpan.FromDays(3)))
        {
            claimed.TryRemove(old.Key, out _);
        }

        return claimed.TryAdd(sessionKey, sessionEnd);
    }
}
