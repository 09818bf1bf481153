using System.Collections.Concurrent;

namespace CancelAll.Core.Exchange;

/// <summary>The mode found for each API key, for the life of the process (one per key; an account's keys share its mode).</summary>
public sealed class AccountModeCache
{
    private readonly ConcurrentDictionary<string, AccountMode> modes = new(StringComparer.Ordinal);

    public bool TryGet(string apiKey, out AccountMode mode) => modes.TryGetValue(apiKey, out mode);

    public void Set(string apiKey, AccountMode mode) => modes[apiKey] = mode;
}
