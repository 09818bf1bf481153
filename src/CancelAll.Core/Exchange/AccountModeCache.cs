using System.Collections.Concurrent;

namespace CancelAll.Core.Exchange;

/// <summary>
/// The mode found for each API key, for the life of the process (one per key; an account's keys share its mode).
/// Finding it is single flight per key: concurrent targets and commands of an account that is not cached yet share
/// one detection, and a failed detection is not cached (the next use tries again).
/// </summary>
public sealed class AccountModeCache
{
    private readonly ConcurrentDictionary<string, AccountMode> modes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<AccountMode>>> detecting = new(StringComparer.Ordinal);

    public bool TryGet(string apiKey, out AccountMode mode) => modes.TryGetValue(apiKey, out mode);

    public void Set(string apiKey, AccountMode mode) => modes[apiKey] = mode;

    /// <summary>The cached mode, or the one <paramref name="detect"/> finds, run once however many callers ask at the same time.</summary>
    public Task<AccountMode> GetOrDetectAsync(string apiKey, Func<Task<AccountMode>> detect)
    {
        ArgumentNullException.ThrowIfNull(detect);
        if (modes.TryGetValue(apiKey, out var known))
        {
            return Task.FromResult(known);
        }

        var flight = detecting.GetOrAdd(apiKey, key => new Lazy<Task<AccountMode>>(() => DetectOnceAsync(key, detect)));
        return flight.Value;
    }

    private async Task<AccountMode> DetectOnceAsync(string apiKey, Func<Task<AccountMode>> detect)
    {
        try
        {
            // A flight that ended just before this one started may have cached the mode already.
            if (modes.TryGetValue(apiKey, out var known))
            {
                return known;
            }

            var mode = await detect().ConfigureAwait(false);
            modes[apiKey] = mode;
            return mode;
        }
        finally
        {
            detecting.TryRemove(apiKey, out _);
        }
    }
}
