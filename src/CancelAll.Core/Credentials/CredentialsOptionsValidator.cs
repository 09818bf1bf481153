using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Credentials;

/// <summary>Start-up validation; every message names the setting.</summary>
internal sealed class CredentialsOptionsValidator(IConfiguration configuration) : IValidateOptions<CredentialsOptions>
{
    internal static readonly TimeSpan MaxReadTimeout = TimeSpan.FromSeconds(30);

    public ValidateOptionsResult Validate(string? name, CredentialsOptions options)
    {
        var failures = new List<string>();
        var kv = options.KeyVault ?? new KeyVaultSettings();

        if (!string.IsNullOrWhiteSpace(kv.VaultUri)
            && (!Uri.TryCreate(kv.VaultUri.Trim(), UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps
                || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || uri.AbsolutePath != "/"))
        {
            failures.Add($"{CredentialsOptions.VaultUriKey} must be an absolute https URI with no path, such as https://my-vault.vault.azure.net/ (or be left out to read accounts from configuration).");
        }

        Positive(failures, "CacheTtl", kv.CacheTtl, TimeSpan.FromDays(1));
        Positive(failures, "NotFoundCacheTtl", kv.NotFoundCacheTtl, TimeSpan.FromMinutes(10));
        Positive(failures, "RetryDelay", kv.RetryDelay, TimeSpan.FromSeconds(10));
        Positive(failures, "RetryMaxDelay", kv.RetryMaxDelay, TimeSpan.FromSeconds(10));
        Positive(failures, "NetworkTimeout", kv.NetworkTimeout, MaxReadTimeout);
        Positive(failures, "ReadTimeout", kv.ReadTimeout, MaxReadTimeout);

        if (kv.RetryMaxRetries is < 0 or > 5)
        {
            failures.Add("CancelAll:KeyVault:RetryMaxRetries must be between 0 and 5 (environment: CancelAll__KeyVault__RetryMaxRetries).");
        }

        if (kv.RetryMaxDelay < kv.RetryDelay)
        {
            failures.Add("CancelAll:KeyVault:RetryMaxDelay must not be shorter than CancelAll:KeyVault:RetryDelay (environment: CancelAll__KeyVault__RetryMaxDelay, CancelAll__KeyVault__RetryDelay).");
        }

        if (!string.IsNullOrWhiteSpace(options.ManagedIdentityClientId) && !Guid.TryParse(options.ManagedIdentityClientId, out _))
        {
            failures.Add($"{CredentialsOptions.ManagedIdentityClientIdKey} must be the client id (a GUID) of the function's user-assigned managed identity.");
        }

        foreach (var account in configuration.GetSection(CredentialsOptions.AccountsKey).GetChildren())
        {
            var problem = AccountNames.Check(account.Key);
            if (problem is not null)
            {
                failures.Add($"{CredentialsOptions.AccountsKey}:{AccountNames.Printable(account.Key)} is not a valid account name: {problem}; {AccountNames.Rule}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string setting, TimeSpan value, TimeSpan max)
    {
        if (value <= TimeSpan.Zero || value > max)
        {
            failures.Add($"CancelAll:KeyVault:{setting} must be greater than zero and at most {max:c} (environment: CancelAll__KeyVault__{setting}).");
        }
    }
}
