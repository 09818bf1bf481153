using Azure.Core;
using CancelAll.Core.Credentials;
using CancelAll.Core.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CancelAll.Core.Tests.Credentials;

/// <summary>The test exchange and the real core with credentials from the fake Key Vault (the production registration).</summary>
public static class VaultBackedExchange
{
    public static async Task<(ExchangeHarness Harness, FakeKeyVault Vault)> StartAsync(Action<Dictionary<string, string?>>? vaultSettings = null)
    {
        var vault = await FakeKeyVault.StartAsync();
        vault.SetAccount(ExchangeHarness.Account, "bg_hmac_key_0001", "hmac-secret-9f8e7d6c5b4a39281706", "pass-phrase-0001");
        var settings = CredentialsHarness.FastVaultSettings(vault.VaultUri);
        vaultSettings?.Invoke(settings);
        var harness = await ExchangeHarness.StartAsync(configure: services =>
        {
            services.RemoveAll<ICredentialsProvider>();
            services.AddSingleton<TokenCredential>(new FakeTokenCredential());
            services.AddCancelAllCredentials(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), vault.ConfigureClient);
        });
        return (harness, vault);
    }
}
