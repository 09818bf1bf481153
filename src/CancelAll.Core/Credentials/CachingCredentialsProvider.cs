using Microsoft.Extensions.Logging;

namespace CancelAll.Core.Credentials;

/// <summary>
/// Caches each account's credentials for a TTL. Concurrent misses share one read. "Not found" (the account's secret
/// is missing) is cached for a short TTL of its own, so that a storm of requests for an unknown account makes one
/// vault read, not one per request; any other failure is not cached, so the next caller tries again. A shared read does not take any caller's cancellation token (one caller giving
/// up must not fail the others); the source's own deadline bounds it.
/// </summary>
internal sealed partial class CachingCredentialsProvider : ICredentialsProvider
{
    private readonly ICredentialsSource _source;
    private readonly TimeProvider _time;
    private readonly TimeSpan _ttl;
    private readonly TimeSpan _notFoundTtl;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public CachingCredentialsProvider(ICredentialsSource source, TimeProvider time, TimeSpan ttl, ILogger<CachingCredentialsProvider> logger, TimeSpan? notFoundTtl = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        _source = source;
        _time = time;
        _ttl = ttl;
        _notFoundTtl = notFoundTtl ?? TimeSpan.Zero;
        _logger = logger;
    }

    public string SourceDescription => _source.Description;

    public ValueTask<ApiCredentials> GetAsync(string account, CancellationToken cancellationToken)
    {
        AccountNames.Validate(account);
        Entry entry;
        lock (_gate)
        {
            if (!_entries.TryGetValue(account, out entry!) || entry.IsExpired(_time.GetUtcNow()))
            {
                entry = StartRead(account);
            }
        }

        return entry.Completion.Task.IsCompletedSuccessfully
            ? ValueTask.FromResult(entry.Completion.Task.Result)
            : new ValueTask<ApiCredentials>(entry.Completion.Task.WaitAsync(cancellationToken));
    }

    public async ValueTask<ApiCredentials?> RefreshAsync(string account, ApiCredentials rejected, CancellationToken cancellationToken)
    {
        AccountNames.Validate(account);
        ArgumentNullException.ThrowIfNull(rejected);
        Entry entry;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var joinable = _entries.TryGetValue(account, out entry!) && (
                !entry.Completion.Task.IsCompleted // a read is under way: share it
                || (entry.Completion.Task.IsCompletedSuccessfully && !entry.IsExpired(now) && !SameKey(entry.Completion.Task.Result, rejected))); // someone already picked up a newer key
            if (!joinable)
            {
                entry = StartRead(account);
            }
        }

        var fresh = await entry.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        var changed = !SameKey(fresh, rejected);
        LogRefreshed(account, _source.Description, changed);
        return changed ? fresh : null;
    }

    internal static bool SameKey(ApiCredentials a, ApiCredentials b) =>
        string.Equals(a.ApiKey, b.ApiKey, StringComparison.Ordinal)
        && string.Equals(a.Secret, b.Secret, StringComparison.Ordinal)
        && string.Equals(a.Passphrase, b.Passphrase, StringComparison.Ordinal);

    /// <summary>Called under the lock: publishes the in-flight entry, then reads outside the lock.</summary>
    private Entry StartRead(string account)
    {
        var entry = new Entry();
        _entries[account] = entry;
        _ = Task.Run(() => ReadIntoAsync(account, entry));
        return entry;
    }

    private async Task ReadIntoAsync(string account, Entry entry)
    {
        try
        {
            var credentials = await _source.ReadAsync(account, CancellationToken.None).ConfigureAwait(false);
            lock (_gate)
            {
                entry.ExpiresAt = _time.GetUtcNow() + _ttl;
            }

            entry.Completion.SetResult(credentials);
        }
        catch (CredentialsException ex) when (ex.IsNotFound && _notFoundTtl > TimeSpan.Zero)
        {
            lock (_gate)
            {
                entry.ExpiresAt = _time.GetUtcNow() + _notFoundTtl;
            }

            LogNotFoundCached(account, ex.SecretName, _notFoundTtl);
            entry.Completion.SetException(ex);
        }
        catch (Exception ex)
        {
            lock (_gate)
            {
                if (_entries.TryGetValue(account, out var current) && ReferenceEquals(current, entry))
                {
                    _entries.Remove(account);
                }
            }

            entry.Completion.SetException(ex);
        }
    }

    private sealed class Entry
    {
        public TaskCompletionSource<ApiCredentials> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Set, under the lock, before the read completes successfully or as "not found". MaxValue while in flight.</summary>
        public DateTimeOffset ExpiresAt { get; set; } = DateTimeOffset.MaxValue;

        public bool IsExpired(DateTimeOffset now) => Completion.Task.IsCompleted && now >= ExpiresAt;
    }

    [LoggerMessage(EventId = 1124, Level = LogLevel.Information,
        Message = "Account {Account}: secret {SecretName} not found; answering 'not found' from cache for {NotFoundTtl} (CancelAll:KeyVault:NotFoundCacheTtl)")]
    private partial void LogNotFoundCached(string account, string? secretName, TimeSpan notFoundTtl);

    [LoggerMessage(EventId = 1121, Level = LogLevel.Information,
        Message = "Re-read credentials for account {Account} from {CredentialsSource} after the exchange rejected them: key changed = {KeyChanged}")]
    private partial void LogRefreshed(string account, string credentialsSource, bool keyChanged);
}
