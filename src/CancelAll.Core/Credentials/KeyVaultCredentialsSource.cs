using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Logging;

namespace CancelAll.Core.Credentials;

/// <summary>
/// Reads <c>bitget-{account}-api-key</c>, <c>-api-secret</c>, <c>-passphrase</c> and the optional <c>-demo</c>
/// through <see cref="SecretClient"/>. The client's retry policy bounds 429/5xx retries; <see cref="KeyVaultSettings.ReadTimeout"/>
/// bounds the whole read, token acquisition included.
/// </summary>
internal sealed partial class KeyVaultCredentialsSource : ICredentialsSource
{
    private readonly SecretClient _client;
    private readonly KeyVaultSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public KeyVaultCredentialsSource(SecretClient client, KeyVaultSettings settings, TimeProvider time, ILogger<KeyVaultCredentialsSource> logger)
    {
        _client = client;
        _settings = settings;
        _time = time;
        _logger = logger;
        VaultHost = client.VaultUri.IsDefaultPort ? client.VaultUri.Host : client.VaultUri.Authority;
    }

    public string VaultHost { get; }

    public string Description => $"Key Vault {VaultHost}";

    public async Task<ApiCredentials> ReadAsync(string account, CancellationToken cancellationToken)
    {
        var names = AccountNames.SecretNamesFor(account);
        using var activity = CredentialsTelemetry.Source.StartActivity("credentials read", ActivityKind.Internal);
        activity?.SetTag("cancelall.account", account);
        activity?.SetTag("cancelall.credentials.source", "keyvault");
        activity?.SetTag("server.address", VaultHost);

        var started = _time.GetTimestamp();
        using var deadline = new CancellationTokenSource(_settings.ReadTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var context = new ReadContext(account, cancellationToken, deadline.Token);
        try
        {
            // One round trip of latency, not four: the secrets are read side by side.
            var apiKey = ReadSecretAsync(context, names.ApiKey, optional: false, linked.Token);
            var apiSecret = ReadSecretAsync(context, names.ApiSecret, optional: false, linked.Token);
            var passphrase = ReadSecretAsync(context, names.Passphrase, optional: false, linked.Token);
            var demo = ReadSecretAsync(context, names.Demo, optional: true, linked.Token);
            try
            {
                await Task.WhenAll(apiKey, apiSecret, passphrase, demo).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Report the first failing secret in a fixed order, whatever finished first.
                foreach (var task in new[] { apiKey, apiSecret, passphrase, demo })
                {
                    if (task.Exception?.InnerException is CredentialsException first)
                    {
                        throw first;
                    }
                }

                throw;
            }

            var credentials = Build(account, names, apiKey.Result!, apiSecret.Result!, passphrase.Result!, demo.Result);
            var elapsed = Elapsed(started);
            LogRead(account, VaultHost, elapsed, apiKey.Result!.Properties.Version, apiSecret.Result!.Properties.Version, passphrase.Result!.Properties.Version);
            return credentials;
        }
        catch (CredentialsException ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Kind.ToString());
            var elapsed = Elapsed(started);
            LogFailed(ex.Kind, account, ex.SecretName, VaultHost, elapsed, ex.VaultStatus);
            throw;
        }
    }

    private long Elapsed(long started) => (long)_time.GetElapsedTime(started).TotalMilliseconds;

    private static ApiCredentials Build(string account, AccountSecretNames names, KeyVaultSecret apiKey, KeyVaultSecret apiSecret, KeyVaultSecret passphrase, KeyVaultSecret? demo)
    {
        var key = Required(account, names.ApiKey, apiKey.Value);
        var secret = Required(account, names.ApiSecret, apiSecret.Value);
        KeyMaterial.CheckSecret(account, names.ApiSecret, $"Key Vault secret '{names.ApiSecret}'", secret);
        var phrase = Required(account, names.Passphrase, passphrase.Value);
        var isDemo = demo is not null && ParseDemo(account, names.Demo, demo.Value);
        return new ApiCredentials(key, secret, phrase, isDemo);
    }

    private static string Required(string account, string secretName, string? value) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new CredentialsException(CredentialsErrorKind.InvalidSecretValue, account, secretName, $"Key Vault secret '{secretName}' for account '{account}' is empty: set its value.")
            : value;

    internal static bool ParseDemo(string account, string secretName, string? value) => value?.Trim().ToUpperInvariant() switch
    {
        "TRUE" => true,
        "FALSE" or "" or null => false,
        _ => throw new CredentialsException(CredentialsErrorKind.InvalidSecretValue, account, secretName, $"'{secretName}' for account '{account}' must be 'true' or 'false' (missing means false)."),
    };

    private sealed record ReadContext(string Account, CancellationToken Caller, CancellationToken Deadline);

    private async Task<KeyVaultSecret?> ReadSecretAsync(ReadContext context, string secretName, bool optional, CancellationToken token)
    {
        try
        {
            Response<KeyVaultSecret> response = await _client.GetSecretAsync(secretName, version: null, token).ConfigureAwait(false);
            return response.Value;
        }
        catch (RequestFailedException ex) when (optional && ex.Status == 404)
        {
            return null;
        }
        catch (Exception ex) when (ex is not CredentialsException && !context.Caller.IsCancellationRequested)
        {
            throw Classify(ex, context.Account, secretName, VaultHost, context.Deadline.IsCancellationRequested, _settings);
        }
    }

    /// <summary>
    /// Turns an SDK failure into a typed error. The SDK's own message is not kept: RequestFailedException's message
    /// carries the response content and headers. Only status and error codes go into ours.
    /// </summary>
    internal static CredentialsException Classify(Exception ex, string account, string secretName, string vaultHost, bool deadlinePassed, KeyVaultSettings settings)
    {
        var what = $"secret '{secretName}' for account '{account}' in Key Vault {vaultHost}";
        if (deadlinePassed)
        {
            return new CredentialsException(CredentialsErrorKind.Timeout, account, secretName,
                $"Timed out reading {what}: no answer within {Seconds(settings.ReadTimeout)} (CancelAll:KeyVault:ReadTimeout). Retry shortly; check the vault's network access from this host.");
        }

        switch (ex)
        {
            case RequestFailedException rfe when rfe.Status != 0:
                return FromStatus(rfe, account, secretName, what, settings);
            case RequestFailedException:
                return new CredentialsException(CredentialsErrorKind.VaultUnavailable, account, secretName,
                    $"Could not reach Key Vault to read {what} after {settings.RetryMaxRetries} retries (connection failed). Check the vault URI (CancelAll:KeyVault:VaultUri), DNS and the vault's network rules.");
            case CredentialUnavailableException or AuthenticationFailedException:
                return new CredentialsException(CredentialsErrorKind.AccessDenied, account, secretName,
                    $"Could not get a Microsoft Entra token to read {what}: check CancelAll:ManagedIdentityClientId (the user-assigned identity's client id) in Azure, or sign in (az login) on a developer machine.",
                    ex);
            case AggregateException agg when agg.InnerExceptions.Count > 0:
                // "Retry failed after N tries": the last attempt tells what finally happened.
                return Classify(agg.InnerExceptions[^1], account, secretName, vaultHost, deadlinePassed, settings);
            case OperationCanceledException:
                return new CredentialsException(CredentialsErrorKind.Timeout, account, secretName,
                    $"Timed out reading {what}: each attempt exceeded {Seconds(settings.NetworkTimeout)} (CancelAll:KeyVault:NetworkTimeout), {settings.RetryMaxRetries} retries included. Retry shortly.");
            default:
                return new CredentialsException(CredentialsErrorKind.VaultUnavailable, account, secretName,
                    $"Reading {what} failed ({ex.GetType().Name}).");
        }
    }

    private static CredentialsException FromStatus(RequestFailedException rfe, string account, string secretName, string what, KeyVaultSettings settings)
    {
        var code = rfe.ErrorCode;
        var inner = InnerErrorCode(rfe);
        var codes = string.Join("/", new[] { code, inner }.Where(c => !string.IsNullOrEmpty(c)));
        var status = string.IsNullOrEmpty(codes) ? $"HTTP {rfe.Status}" : $"HTTP {rfe.Status} {codes}";
        var names = AccountNames.SecretNamesFor(account);
        var (kind, message) = rfe.Status switch
        {
            // No API key at all is an account nobody stored: an unknown account, as for one not in the configuration.
            404 when string.Equals(secretName, names.ApiKey, StringComparison.Ordinal) => (CredentialsErrorKind.AccountNotConfigured,
                $"Account '{account}' is unknown: Key Vault has no secret '{secretName}' ({status}). Check the account name, or store the account's keys as secrets {names.ApiKey}, {names.ApiSecret} and {names.Passphrase} (docs/credentials.md)."),
            404 => (CredentialsErrorKind.SecretMissing,
                $"Missing {what} ({status}): the account's API key is stored but this part of it is not; create it (naming scheme in docs/credentials.md)."),
            403 when string.Equals(inner, "SecretDisabled", StringComparison.OrdinalIgnoreCase) => (CredentialsErrorKind.SecretDisabled,
                $"Disabled {what} ({status}): enable the secret's current version, or add a new enabled version."),
            403 => (CredentialsErrorKind.AccessDenied,
                $"Access denied to {what} ({status}): grant the function's identity the Key Vault Secrets User role on the vault (RBAC vaults), or a 'get' secret access policy (access-policy vaults)."),
            401 => (CredentialsErrorKind.AccessDenied,
                $"Key Vault rejected the identity's token for {what} ({status}): check CancelAll:ManagedIdentityClientId and that the identity is in the vault's tenant."),
            429 when VaultRetryPolicy.RetryAfter(rfe.GetRawResponse(), DateTimeOffset.UtcNow) is { } wait && wait > settings.RetryMaxDelay => (CredentialsErrorKind.VaultThrottled,
                $"Key Vault throttled the read of {what} ({status}) and asked to wait {Seconds(wait)} (Retry-After), longer than CancelAll:KeyVault:RetryMaxDelay ({Seconds(settings.RetryMaxDelay)}): not retried here. Retry after that; another client may be reading this vault heavily."),
            429 => (CredentialsErrorKind.VaultThrottled,
                $"Key Vault throttled the read of {what} ({status}) after {settings.RetryMaxRetries} retries. Retry shortly; another client may be reading this vault heavily."),
            408 => (CredentialsErrorKind.Timeout,
                $"Timed out reading {what} ({status}) after {settings.RetryMaxRetries} retries. Retry shortly."),
            >= 500 => (CredentialsErrorKind.VaultUnavailable,
                $"Key Vault was unavailable reading {what} ({status}) after {settings.RetryMaxRetries} retries. Retry shortly."),
            _ => (CredentialsErrorKind.VaultUnavailable,
                $"Key Vault refused the read of {what} ({status})."),
        };
        return new CredentialsException(kind, account, secretName, message) { VaultStatus = rfe.Status };
    }

    /// <summary>error.innererror.code (Key Vault spells it "innerError" or "innererror"), e.g. SecretDisabled, ForbiddenByRbac.</summary>
    internal static string? InnerErrorCode(RequestFailedException rfe)
    {
        try
        {
            var content = rfe.GetRawResponse()?.Content;
            if (content is null || content.ToMemory().Length == 0)
            {
                return null;
            }

            using var doc = JsonDocument.Parse(content.ToMemory());
            return Property(doc.RootElement, "error") is { } error && Property(error, "innererror") is { } innerError
                && Property(innerError, "code") is { ValueKind: JsonValueKind.String } code
                ? code.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonElement? Property(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information,
        Message = "Read credentials for account {Account} from Key Vault {VaultHost} in {DurationMs} ms (versions: api-key {ApiKeyVersion}, api-secret {ApiSecretVersion}, passphrase {PassphraseVersion})")]
    private partial void LogRead(string account, string vaultHost, long durationMs, string? apiKeyVersion, string? apiSecretVersion, string? passphraseVersion);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning,
        Message = "Could not read credentials for account {Account}: {ErrorKind} on secret {SecretName} in Key Vault {VaultHost} after {DurationMs} ms (status {VaultStatus})")]
    private partial void LogFailed(CredentialsErrorKind errorKind, string account, string? secretName, string vaultHost, long durationMs, int? vaultStatus);
}
