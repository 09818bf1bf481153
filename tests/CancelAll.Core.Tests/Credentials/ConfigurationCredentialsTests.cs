using Azure.Core;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using CancelAll.Core.Credentials;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using CancelAll.Core.Tests.Support;

namespace CancelAll.Core.Tests.Credentials;

/// <summary>The embedded default (no vault URI), the DI registration and start-up validation.</summary>
public sealed class ConfigurationCredentialsTests
{
    private static Dictionary<string, string?> MainAccount() => new()
    {
        ["CancelAll:Accounts:main:ApiKey"] = "bg_local_key_1234567890",
        ["CancelAll:Accounts:main:ApiSecret"] = "local-hmac-secret-abcdef123456",
        ["CancelAll:Accounts:main:Passphrase"] = "local-passphrase-xyz",
    };

    [Fact]
    public async Task Without_a_vault_uri_accounts_come_from_configuration_and_the_source_is_logged()
    {
        var values = MainAccount();
        values["CancelAll:Accounts:hedge-sub1:ApiKey"] = "bg_hedge_key_0987654321";
        values["CancelAll:Accounts:hedge-sub1:ApiSecret"] = "hedge-hmac-secret-000000000";
        values["CancelAll:Accounts:hedge-sub1:Passphrase"] = "hedge-passphrase-q";
        values["CancelAll:Accounts:hedge-sub1:Demo"] = "true";
        await using var h = CredentialsHarness.StartConfiguration(values);

        var main = await h.Provider.GetAsync("main", CancellationToken.None);
        var hedge = await h.Provider.GetAsync("hedge-sub1", CancellationToken.None);

        Assert.Equal("bg_local_key_1234567890", main.ApiKey);
        Assert.False(main.Demo);
        Assert.True(hedge.Demo);
        // No vault client, but the app's identity is there for whatever else needs a token (replies, ingestion).
        Assert.Null(h.Services.GetService<SecretClient>());
        Assert.IsType<DefaultAzureCredential>(h.Services.GetService<TokenCredential>());
        Assert.Contains(h.AllLogText(), l => l.Contains("Credentials source: configuration (CancelAll:Accounts), accounts: hedge-sub1, main", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Environment_variables_with_double_underscores_are_read()
    {
        var prefix = $"CATEST_{Guid.NewGuid():N}_";
        Environment.SetEnvironmentVariable(prefix + "CancelAll__Accounts__main__ApiKey", "bg_env_key_1234567890");
        Environment.SetEnvironmentVariable(prefix + "CancelAll__Accounts__main__ApiSecret", "env-hmac-secret-1234567890");
        Environment.SetEnvironmentVariable(prefix + "CancelAll__Accounts__main__Passphrase", "env-passphrase-123");
        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build();
            await using var services = new ServiceCollection().AddCancelAllCredentials(configuration).BuildServiceProvider();

            var credentials = await services.GetRequiredService<ICredentialsProvider>().GetAsync("main", CancellationToken.None);

            Assert.Equal("bg_env_key_1234567890", credentials.ApiKey);
        }
        finally
        {
            foreach (var name in new[] { "ApiKey", "ApiSecret", "Passphrase" })
            {
                Environment.SetEnvironmentVariable(prefix + "CancelAll__Accounts__main__" + name, null);
            }
        }
    }

    [Theory]
    [InlineData("ApiKey")]
    [InlineData("ApiSecret")]
    [InlineData("Passphrase")]
    public async Task A_missing_field_names_the_setting(string field)
    {
        var values = MainAccount();
        values.Remove($"CancelAll:Accounts:main:{field}");
        await using var h = CredentialsHarness.StartConfiguration(values);

        var ex = await Assert.ThrowsAsync<CredentialsException>(() => h.Provider.GetAsync("main", CancellationToken.None).AsTask());

        Assert.Equal(CredentialsErrorKind.SecretMissing, ex.Kind);
        Assert.Equal("main", ex.Account);
        Assert.Equal($"CancelAll:Accounts:main:{field}", ex.SecretName);
        Assert.Contains($"CancelAll:Accounts:main:{field}", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"CancelAll__Accounts__main__{field}", ex.Message, StringComparison.Ordinal);
        SecretScan.AssertNoSecret(CredentialsLogs.ValuesIn(values), [ex.ToString()], "exception");
    }

    [Fact]
    public async Task An_unknown_account_is_not_configured_and_the_message_says_how_to_add_it()
    {
        await using var h = CredentialsHarness.StartConfiguration(MainAccount());

        var ex = await Assert.ThrowsAsync<CredentialsException>(() => h.Provider.GetAsync("hedge-sub1", CancellationToken.None).AsTask());

        Assert.Equal(CredentialsErrorKind.AccountNotConfigured, ex.Kind);
        Assert.Equal("hedge-sub1", ex.Account);
        Assert.Contains("CancelAll:Accounts:hedge-sub1:ApiKey", ex.Message, StringComparison.Ordinal);
        Assert.Contains(CredentialsOptions.VaultUriKey, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_demo_flag_that_is_not_true_or_false_is_rejected()
    {
        var values = MainAccount();
        values["CancelAll:Accounts:main:Demo"] = "maybe";
        await using var h = CredentialsHarness.StartConfiguration(values);

        var ex = await Assert.ThrowsAsync<CredentialsException>(() => h.Provider.GetAsync("main", CancellationToken.None).AsTask());

        Assert.Equal(CredentialsErrorKind.InvalidSecretValue, ex.Kind);
        Assert.Equal("CancelAll:Accounts:main:Demo", ex.SecretName);
    }

    public static TheoryData<string, string?, string> InvalidSettings => new()
    {
        { CredentialsOptions.VaultUriKey, "http://my-vault.vault.azure.net/", CredentialsOptions.VaultUriKey },
        { CredentialsOptions.VaultUriKey, "my-vault", CredentialsOptions.VaultUriKey },
        { CredentialsOptions.VaultUriKey, "https://my-vault.vault.azure.net/secrets/x", CredentialsOptions.VaultUriKey },
        { "CancelAll:KeyVault:CacheTtl", "00:00:00", "CancelAll:KeyVault:CacheTtl" },
        { "CancelAll:KeyVault:CacheTtl", "-00:01:00", "CancelAll:KeyVault:CacheTtl" },
        { "CancelAll:KeyVault:RetryMaxRetries", "9", "CancelAll:KeyVault:RetryMaxRetries" },
        { "CancelAll:KeyVault:NetworkTimeout", "00:05:00", "CancelAll:KeyVault:NetworkTimeout" },
        { "CancelAll:KeyVault:ReadTimeout", "00:00:00", "CancelAll:KeyVault:ReadTimeout" },
        { "CancelAll:KeyVault:RetryMaxDelay", "00:00:00.100", "CancelAll:KeyVault:RetryMaxDelay must not be shorter" },
        { CredentialsOptions.ManagedIdentityClientIdKey, "not-a-guid", CredentialsOptions.ManagedIdentityClientIdKey },
        { "CancelAll:Accounts:Main:ApiKey", "x", "CancelAll:Accounts:Main is not a valid account name" },
        { "CancelAll:Accounts:hedge_1:ApiKey", "x", "CancelAll:Accounts:hedge_1 is not a valid account name" },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Invalid_settings_fail_at_start_up_naming_the_setting(string key, string? value, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        using var services = new ServiceCollection().AddCancelAllCredentials(configuration).BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(ex.Failures, f => f.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void The_defaults_are_valid_and_bound_one_read_well_under_ten_seconds()
    {
        var defaults = new KeyVaultSettings();
        var result = new CredentialsOptionsValidator(new ConfigurationBuilder().Build()).Validate(null, new CredentialsOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal(TimeSpan.FromMinutes(5), defaults.CacheTtl);
        Assert.Equal(2, defaults.RetryMaxRetries);
        Assert.True(defaults.ReadTimeout <= TimeSpan.FromSeconds(8));
        Assert.True(defaults.NetworkTimeout < defaults.ReadTimeout);
        var backoff = defaults.RetryDelay + TimeSpan.FromTicks(Math.Min(defaults.RetryDelay.Ticks * 2, defaults.RetryMaxDelay.Ticks));
        Assert.True(backoff < defaults.ReadTimeout, "a 429/503 vault must exhaust its retries before the read deadline");
    }

    [Fact]
    public void A_vault_uses_managed_identity_when_a_client_id_is_configured()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [CredentialsOptions.VaultUriKey] = "https://my-vault.vault.azure.net/",
            [CredentialsOptions.ManagedIdentityClientIdKey] = "11111111-2222-3333-4444-555555555555",
        }).Build();
        using var services = new ServiceCollection().AddCancelAllCredentials(configuration).BuildServiceProvider();

        Assert.IsType<ManagedIdentityCredential>(services.GetRequiredService<TokenCredential>());
        Assert.Equal(new Uri("https://my-vault.vault.azure.net/"), services.GetRequiredService<SecretClient>().VaultUri);
        Assert.NotNull(services.GetRequiredService<ICredentialsProvider>());
    }

    [Fact]
    public void A_vault_without_a_client_id_uses_default_azure_credential()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [CredentialsOptions.VaultUriKey] = "https://my-vault.vault.azure.net/",
        }).Build();
        using var services = new ServiceCollection().AddCancelAllCredentials(configuration).BuildServiceProvider();

        Assert.IsType<DefaultAzureCredential>(services.GetRequiredService<TokenCredential>());
    }

    [Fact]
    public void The_secret_client_options_are_bounded_and_content_logging_stays_off_whatever_the_hook_does()
    {
        var settings = new KeyVaultSettings();

        var options = CredentialsServiceCollectionExtensions.CreateSecretClientOptions(settings, o => o.Diagnostics.IsLoggingContentEnabled = true);

        Assert.False(options.Diagnostics.IsLoggingContentEnabled);
        Assert.True(options.Diagnostics.IsDistributedTracingEnabled);
        Assert.Equal(2, options.Retry.MaxRetries);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.Retry.Delay);
        Assert.Equal(TimeSpan.FromSeconds(2), options.Retry.MaxDelay);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Retry.NetworkTimeout);
    }

    [Fact]
    public void The_registered_secret_client_comes_from_the_azure_client_factory_with_the_bounded_options_and_the_hook_applied()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [CredentialsOptions.VaultUriKey] = "https://my-vault.vault.azure.net/",
            ["CancelAll:KeyVault:RetryMaxRetries"] = "1",
        }).Build();
        var hookRan = false;
        using var services = new ServiceCollection()
            .AddCancelAllCredentials(configuration, o =>
            {
                hookRan = true;
                o.Diagnostics.IsLoggingContentEnabled = true;
            })
            .BuildServiceProvider();

        var fromFactory = services.GetRequiredService<IAzureClientFactory<SecretClient>>().CreateClient("Default");
        var options = services.GetRequiredService<IOptionsMonitor<SecretClientOptions>>().Get("Default");

        Assert.Equal(new Uri("https://my-vault.vault.azure.net/"), fromFactory.VaultUri);
        Assert.Same(fromFactory, services.GetRequiredService<SecretClient>());
        Assert.True(hookRan);
        Assert.False(options.Diagnostics.IsLoggingContentEnabled);
        Assert.Equal(1, options.Retry.MaxRetries);
    }
}
