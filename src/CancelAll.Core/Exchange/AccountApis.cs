using CancelAll.Core.Credentials;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Exchange;

/// <summary>
/// Finds the API family of an account. Every registered <see cref="IAccountApi"/> is a candidate; for one mode the
/// last registration wins, as with any DI service, so a test can swap a family with one registration.
/// The mode comes from the account's setting (CancelAll:Exchange:AccountModes), else from the cache (per API key, for
/// the life of the process), else from one detection per key (<see cref="DetectAsync"/>, single flight: the targets
/// and commands that need it at the same time share it). Warm-up detects the configured accounts, so that a kill after
/// start pays no extra round trip. An account that switches mode while cached answers 40085 / 40084:
/// <see cref="AfterMismatch"/> takes that as the new mode, and the step is retried once on the other family.
/// </summary>
public sealed partial class AccountApis(
    IEnumerable<IAccountApi> families,
    AccountModeCache cache,
    BitgetV3Client v3,
    IOptions<ExchangeOptions> options,
    ILogger<AccountApis> logger)
{
    private readonly IReadOnlyList<IAccountApi> families = families.ToList();

    /// <summary>The family that serves <paramref name="mode"/>.</summary>
    public IAccountApi For(AccountMode mode) =>
        families.LastOrDefault(f => f.Mode == mode)
        ?? throw new InvalidOperationException($"No API family is registered for {mode} accounts.");

    /// <summary>
    /// The family of the account behind <paramref name="credentials"/>: the setting, the cache, or one detection.
    /// Detection reads V3 first (one GET /api/v3/account/settings): every new Bitget account is unified, so a unified
    /// account never pays a failed call, and a classic account pays one read (40084) once per key and process, at
    /// warm-up for the configured accounts. If detection gives no answer (a key without the read permission, an
    /// exchange in trouble), the kill is not held up: it starts on the classic API, and a unified account's 40085
    /// switches it over.
    /// </summary>
    /// <param name="demo">Whether the read goes to demo trading (the target's environment, not only the key's own flag).</param>
    public async Task<IAccountApi> ResolveAsync(string account, ApiCredentials credentials, bool demo, CancellationToken cancellationToken)
    {
        try
        {
            return For(await DetectAsync(account, credentials, demo, cancellationToken).ConfigureAwait(false));
        }
        catch (ExchangeException e)
        {
            LogDetectionFailed(logger, account, e.Kind, e.Code ?? "no code");
            return For(AccountMode.Classic);
        }
    }

    /// <summary>
    /// After a call answered 40084 / 40085: the family of the account's real mode (cached), or null when the account's
    /// mode is set (the setting is then wrong, and the error says so) or the error is not a mode mismatch.
    /// </summary>
    public IAccountApi? AfterMismatch(string account, ApiCredentials credentials, ExchangeException error)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(error);
        var mode = error.Code switch
        {
            ExchangeErrors.UnifiedAccountOnV2 => AccountMode.Unified,
            ExchangeErrors.ClassicAccountOnV3 => AccountMode.Classic,
            _ => (AccountMode?)null,
        };
        if (mode is not { } found || options.Value.AccountModeOf(account) is not null)
        {
            return null;
        }

        cache.Set(credentials.ApiKey, found);
        LogModeFound(logger, account, found, error.Code!);
        return For(found);
    }

    /// <summary>
    /// Finds the account's mode with one read (GET /api/v3/account/settings): success means unified, 40084 classic.
    /// A key that may not read it gets an error naming the permission. A set mode is returned without a call.
    /// </summary>
    public Task<AccountMode> DetectAsync(string account, ApiCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return DetectAsync(account, credentials, credentials.Demo, cancellationToken);
    }

    /// <summary>As above, the read sent to demo trading when <paramref name="demo"/> (a demo key answers only there).</summary>
    public async Task<AccountMode> DetectAsync(string account, ApiCredentials credentials, bool demo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (options.Value.AccountModeOf(account) is { } set)
        {
            return set;
        }

        // One detection per key however many ask at once; it runs to its end (within the HTTP timeouts) even if the
        // caller that started it stops waiting, because the others still need its answer.
        return await cache.GetOrDetectAsync(credentials.ApiKey, () => ReadModeAsync(account, credentials, demo || credentials.Demo))
            .WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<AccountMode> ReadModeAsync(string account, ApiCredentials credentials, bool demo)
    {
        AccountMode mode;
        try
        {
            await v3.GetAccountModeAsync(credentials, demo, CancellationToken.None).ConfigureAwait(false);
            mode = AccountMode.Unified;
        }
        catch (ExchangeException e) when (e.Code == ExchangeErrors.ClassicAccountOnV3)
        {
            mode = AccountMode.Classic;
        }
        catch (ExchangeException e) when (e.Kind == ExchangeErrorKind.Permission)
        {
            throw new ExchangeException(e.Kind, e.Code, $"Could not detect whether account '{account}' is a classic or a Unified Trading Account: its key may not read /api/v3/account/settings. Give a unified account's key the \"UTA mgt\" read permission (and \"UTA trade\" read & write for the kill itself), or set CancelAll:Exchange:AccountModes:{account} to classic or uta. {e.Message}", e);
        }

        LogModeFound(logger, account, mode, "account/settings");
        return mode;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {Account} is in {Mode} mode (found by {Signal}); cached for this key")]
    private static partial void LogModeFound(ILogger logger, string account, AccountMode mode, string signal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not detect the mode of account {Account} ({Kind}, {Code}); the kill starts on the classic API and switches on 40085")]
    private static partial void LogDetectionFailed(ILogger logger, string account, ExchangeErrorKind kind, string code);
}
