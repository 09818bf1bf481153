using System.Text.Json;
using CancelAll.Core.Credentials;
using CancelAll.Core.Health;
using CancelAll.Core.Tests.Credentials;
using CancelAll.Core.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CancelAll.Core.Tests.Health;

public class HealthProbeTests
{
    [Fact]
    public async Task Healthy_with_configuration_accounts_and_a_reachable_exchange()
    {
        await using var harness = await ExchangeHarness.StartAsync();
        var report = await harness.Get<HealthProbe>().CheckAsync(default);

        Assert.Equal((HealthStatus.Healthy, 200), (report.Status, report.HttpStatus));
        Assert.Equal(["configuration", "vault", "exchange", "accounts"], report.Checks.Select(c => c.Name));
        Assert.Equal("main: classic (V2)", report.Checks.Single(c => c.Name == "accounts").Detail);
        Assert.Equal(HealthStatus.Skipped, report.Checks[1].Status);
        Assert.Contains(harness.Exchange.Received, r => r.Path == "/api/v2/public/time");
        Assert.Equal("Healthy", JsonDocument.Parse(report.ToJson()).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Each_configured_account_states_its_mode()
    {
        await using var harness = await ExchangeHarness.StartAsync(mode: TestExchange.AccountMode.Unified);
        var report = await harness.Get<HealthProbe>().CheckAsync(default);

        var accounts = report.Checks.Single(c => c.Name == "accounts");
        Assert.Equal((HealthStatus.Healthy, "main: unified (V3)"), (accounts.Status, accounts.Detail));
        Assert.Contains(harness.Exchange.Received, r => r.Path == "/api/v3/account/settings");
    }

    [Fact]
    public async Task An_account_whose_keys_cannot_be_found_is_named_and_unhealthy()
    {
        await using var harness = await ExchangeHarness.StartAsync(settings: new Dictionary<string, string?> { ["CancelAll:Webhook:DefaultAccount"] = "nobody" });
        var report = await harness.Get<HealthProbe>().CheckAsync(default);

        var accounts = report.Checks.Single(c => c.Name == "accounts");
        Assert.Equal((HealthStatus.Unhealthy, 503), (accounts.Status, report.HttpStatus));
        Assert.StartsWith("nobody: not known (", accounts.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_exchange_makes_it_unhealthy_with_503()
    {
        await using var harness = await ExchangeHarness.StartAsync(settings: new Dictionary<string, string?>
        {
            ["CancelAll:Exchange:BaseUrl"] = "http://127.0.0.1:9/",
            ["CancelAll:Exchange:MaxRetries"] = "0",
        });
        var report = await harness.Get<HealthProbe>().CheckAsync(default);
        Assert.Equal((HealthStatus.Unhealthy, 503), (report.Status, report.HttpStatus));
        Assert.Equal(HealthStatus.Unhealthy, report.Checks.Single(c => c.Name == "exchange").Status);
    }

    [Fact]
    public async Task An_invalid_setting_is_named()
    {
        await using var harness = await ExchangeHarness.StartAsync(settings: new Dictionary<string, string?> { ["CancelAll:Schedule:GraceWindow"] = "00:00:00" });
        var report = await harness.Get<HealthProbe>().CheckAsync(default);
        var configuration = report.Checks.Single(c => c.Name == "configuration");
        Assert.Equal(HealthStatus.Unhealthy, configuration.Status);
        Assert.Contains("CancelAll:Schedule:GraceWindow", configuration.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, HealthStatus.Healthy, "readable")]
    [InlineData(true, HealthStatus.Unhealthy, "Key Vault Secrets User")]
    public async Task The_vault_is_checked_by_metadata_without_reading_a_value(bool forbidden, HealthStatus expected, string detail)
    {
        await using var vault = await FakeKeyVault.StartAsync();
        vault.SetAccount("main", "bg_health_key", "health-secret-value-123456", "health-passphrase");
        if (forbidden)
        {
            vault.Fail("bitget-main-api-key", VaultFault.Forbidden);
        }

        var settings = CredentialsHarness.FastVaultSettings(vault.VaultUri);
        await using var harness = await ExchangeHarness.StartAsync(settings: settings, configure: s =>
        {
            s.AddSingleton<Azure.Core.TokenCredential>(new FakeTokenCredential());
            s.AddCancelAllCredentials(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), vault.ConfigureClient);
        });

        var report = await harness.Get<HealthProbe>().CheckAsync(default);

        var check = report.Checks.Single(c => c.Name == "vault");
        Assert.Equal(expected, check.Status);
        Assert.Contains(detail, check.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(vault.Server.Requests, r => r.Path == "/secrets/bitget-main-api-key");
        Assert.DoesNotContain("health-secret-value", report.ToJson(), StringComparison.Ordinal);
        Assert.DoesNotContain("bg_health_key", report.ToJson(), StringComparison.Ordinal);
    }
}
