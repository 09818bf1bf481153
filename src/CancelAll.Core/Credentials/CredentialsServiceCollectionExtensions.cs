using CancelAll.Core.Input;
using Azure.Core;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using CancelAll.Core.AzureSdk;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Credentials;

public static partial class CredentialsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ICredentialsProvider"/>: a cache over Key Vault when <c>CancelAll:KeyVault:VaultUri</c> is set,
    /// otherwise over <c>CancelAll:Accounts</c> in <paramref name="configuration"/>. Options are validated at start-up.
    /// It also registers (unless already registered) the app's <see cref="TokenCredential"/> (ManagedIdentityCredential
    /// for <c>CancelAll:ManagedIdentityClientId</c>, else DefaultAzureCredential), used by the vault, replies and AAD
    /// ingestion, and with a vault the <see cref="SecretClient"/>.
    /// </summary>
    /// <param name="configureSecretClient">
    /// Runs after the retry settings are applied, e.g. to set a Transport. Content logging is switched off after it, whatever it did.
    /// </param>
    public static IServiceCollection AddCancelAllCredentials(
        this IServiceCollection services,
        IConfiguration configuration,
        Action<SecretClientOptions>? configureSecretClient = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<CredentialsOptions>()
            .BindNamingSettings(configuration.GetSection(CredentialsOptions.SectionName), static (section, options) => section.Bind(options))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CredentialsOptions>>(new CredentialsOptionsValidator(configuration)));
        services.TryAddSingleton(TimeProvider.System);

        // The app's Azure identity, for whatever needs an Entra token: the vault, replies, AAD ingestion. Registered with
        // or without a vault (replies need it either way); built lazily, so nothing asks for a token until it is used.
        services.TryAddSingleton<TokenCredential>(sp => CreateTokenCredential(sp.GetRequiredService<IOptions<CredentialsOptions>>().Value));
        var useVault = !string.IsNullOrWhiteSpace(configuration[CredentialsOptions.VaultUriKey]);
        if (useVault)
        {
            // Registered through Microsoft.Extensions.Azure (also as IAzureClientFactory<SecretClient>), with the app's
            // credential. A SecretClient registered before this call still wins: the builder adds it with TryAdd.
            services.AddAzureClients(clients => clients
                .AddClient<SecretClient, SecretClientOptions>((clientOptions, credential, sp) =>
                    new SecretClient(VaultSettings(sp).ParsedVaultUri!, credential, clientOptions))
                .WithCredential(sp => sp.GetRequiredService<TokenCredential>())
                .ConfigureOptions((clientOptions, sp) => ApplySecretClientOptions(clientOptions, VaultSettings(sp), configureSecretClient)));
        }

        services.TryAddSingleton<ICredentialsProvider>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<CredentialsOptions>>().Value;
            var loggers = sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
            var time = sp.GetRequiredService<TimeProvider>();
            var log = loggers.CreateLogger(typeof(ICredentialsProvider).FullName!);
            ICredentialsSource source;
            if (useVault)
            {
                var vault = new KeyVaultCredentialsSource(sp.GetRequiredService<SecretClient>(), options.KeyVault, time, loggers.CreateLogger<KeyVaultCredentialsSource>());
                LogVaultSource(log, vault.VaultHost, options.KeyVault.CacheTtl);
                if (configuration.GetSection(CredentialsOptions.AccountsKey).GetChildren().Any())
                {
                    LogAccountsIgnored(log);
                }

                source = vault;
            }
            else
            {
                var local = new ConfigurationCredentialsSource(configuration, loggers.CreateLogger<ConfigurationCredentialsSource>());
                var accounts = local.ConfiguredAccounts;
                LogConfigurationSource(log, accounts.Count == 0 ? "(none)" : string.Join(", ", accounts));
                source = local;
            }

            return new CachingCredentialsProvider(source, time, options.KeyVault.CacheTtl, loggers.CreateLogger<CachingCredentialsProvider>(), useVault ? options.KeyVault.NotFoundCacheTtl : null);
        });

        return services;
    }

    internal static TokenCredential CreateTokenCredential(CredentialsOptions options) =>
        string.IsNullOrWhiteSpace(options.ManagedIdentityClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ManagedIdentityClientId.Trim()));

    internal static SecretClientOptions CreateSecretClientOptions(KeyVaultSettings settings, Action<SecretClientOptions>? configure)
    {
        var clientOptions = new SecretClientOptions();
        ApplySecretClientOptions(clientOptions, settings, configure);
        return clientOptions;
    }

    private static KeyVaultSettings VaultSettings(IServiceProvider services) =>
        services.GetRequiredService<IOptions<CredentialsOptions>>().Value.KeyVault;

    private static void ApplySecretClientOptions(SecretClientOptions clientOptions, KeyVaultSettings settings, Action<SecretClientOptions>? configure)
    {
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = settings.RetryMaxRetries;
        clientOptions.Retry.Delay = settings.RetryDelay;
        clientOptions.Retry.MaxDelay = settings.RetryMaxDelay;
        clientOptions.Retry.NetworkTimeout = settings.NetworkTimeout;
        clientOptions.RetryPolicy = new VaultRetryPolicy(settings);
        clientOptions.Diagnostics.IsDistributedTracingEnabled = true;
        // NetworkTimeout alone lets a trickling body run on until ReadTimeout, unretried.
        clientOptions.AddPolicy(new WholeAttemptTimeoutPolicy(settings.NetworkTimeout), HttpPipelinePosition.BeforeTransport);
        configure?.Invoke(clientOptions);

        // The SDK's own log (AzureEventSource, forwarded to ILogger by Microsoft.Extensions.Azure) would otherwise show secret values.
        clientOptions.Diagnostics.IsLoggingContentEnabled = false;
    }

    [LoggerMessage(EventId = 1120, Level = LogLevel.Information,
        Message = "Credentials source: Key Vault {VaultHost}, cached for {CacheTtl}")]
    private static partial void LogVaultSource(ILogger logger, string vaultHost, TimeSpan cacheTtl);

    [LoggerMessage(EventId = 1122, Level = LogLevel.Information,
        Message = "Credentials source: configuration (CancelAll:Accounts), accounts: {Accounts}")]
    private static partial void LogConfigurationSource(ILogger logger, string accounts);

    [LoggerMessage(EventId = 1123, Level = LogLevel.Warning,
        Message = "CancelAll:Accounts is set but ignored: CancelAll:KeyVault:VaultUri is set, so credentials come from Key Vault")]
    private static partial void LogAccountsIgnored(ILogger logger);
}
