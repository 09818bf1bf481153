using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CancelAll.Core.Credentials;

/// <summary>
/// The embedded default for local use: <c>CancelAll:Accounts:{account}:ApiKey</c>, <c>:ApiSecret</c>, <c>:Passphrase</c>
/// and the optional <c>:Demo</c>, from whatever the host's configuration holds (environment variables
/// such as <c>CancelAll__Accounts__main__ApiKey</c>, local.settings.json Values, user secrets).
/// </summary>
internal sealed partial class ConfigurationCredentialsSource(IConfiguration configuration, ILogger<ConfigurationCredentialsSource> logger) : ICredentialsSource
{
    public string Description => "configuration";

    public IReadOnlyList<string> ConfiguredAccounts =>
        [.. configuration.GetSection(CredentialsOptions.AccountsKey).GetChildren().Select(c => c.Key).Order(StringComparer.Ordinal)];

    public Task<ApiCredentials> ReadAsync(string account, CancellationToken cancellationToken)
    {
        try
        {
            AccountNames.Validate(account);
            var prefix = $"{CredentialsOptions.AccountsKey}:{account}";
            var section = configuration.GetSection(prefix);
            if (!section.Exists())
            {
                throw new CredentialsException(CredentialsErrorKind.AccountNotConfigured, account, prefix,
                    $"Account '{account}' is not configured: set {prefix}:ApiKey, {prefix}:ApiSecret and {prefix}:Passphrase "
                    + $"(environment: CancelAll__Accounts__{account}__ApiKey, ...), or set {CredentialsOptions.VaultUriKey} to read it from Key Vault.");
            }

            var apiKey = Required(account, prefix, section, "ApiKey");
            var apiSecret = Required(account, prefix, section, "ApiSecret");
            var secretSetting = $"{prefix}:ApiSecret";
            KeyMaterial.CheckSecret(account, secretSetting, $"setting {secretSetting}, environment variable {Environment(secretSetting)}; the CLI's BITGET_API_SECRET lands there", apiSecret);
            var passphrase = Required(account, prefix, section, "Passphrase");
            var demo = KeyVaultCredentialsSource.ParseDemo(account, $"{prefix}:Demo", section["Demo"]);
            LogRead(account);
            return Task.FromResult(new ApiCredentials(apiKey, apiSecret, passphrase, demo));
        }
        catch (CredentialsException ex)
        {
            LogFailed(ex.Kind, AccountNames.Printable(account), ex.SecretName ?? "(none named)");
            return Task.FromException<ApiCredentials>(ex);
        }
    }

    private static string Required(string account, string prefix, IConfigurationSection section, string name)
    {
        var value = section[name];
        if (string.IsNullOrWhiteSpace(value))
        {
            var setting = $"{prefix}:{name}";
            throw new CredentialsException(CredentialsErrorKind.SecretMissing, account, setting,
                $"Account '{account}' has no {name}: set the setting {setting} (environment: {Environment(setting)}).");
        }

        return value;
    }

    private static string Environment(string setting) => setting.Replace(":", "__", StringComparison.Ordinal);

    [LoggerMessage(EventId = 1111, Level = LogLevel.Debug, Message = "Read credentials for account {Account} from configuration")]
    private partial void LogRead(string account);

    [LoggerMessage(EventId = 1112, Level = LogLevel.Warning, Message = "Could not read credentials for account {Account} from configuration: {ErrorKind} on setting {SecretName}")]
    private partial void LogFailed(CredentialsErrorKind errorKind, string account, string secretName);
}
