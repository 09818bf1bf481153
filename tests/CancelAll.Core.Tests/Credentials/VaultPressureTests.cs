using System.Diagnostics;
using CancelAll.Core.Credentials;
using CancelAll.Core.Input.Webhooks;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace CancelAll.Core.Tests.Credentials;

/// <summary>The vault is not hammered: "not found" is cached briefly, and a throttled vault's Retry-After is respected within the bounded retry.</summary>
public sealed class VaultPressureTests
{
    private const string Key = "bg_0123456789abcdef0123456789abcdef";
    private const string Secret = "hmac-secret-7f3a9c1e5b2d4f6a8c0e1b3d5f7a9c2e";
    private const string Passphrase = "pass-phrase-Zq8w!x";

    [Fact]
    public async Task Forty_webhooks_for_an_unknown_account_make_one_read_of_its_secrets_not_one_per_request()
    {
        var (harness, vault) = await VaultBackedExchange.StartAsync();
        await using var _ = harness;
        await using var __ = vault;
        var handler = harness.Get<WebhookHandler>();
        var bearer = new Dictionary<string, string> { ["Authorization"] = "Bearer " + ExchangeHarness.WebhookSecret };

        var responses = new List<WebhookResponse>();
        for (var i = 0; i < 20; i++)
        {
            responses.Add(await handler.HandleAsync(new WebhookRequest("""{"account":"ghost","productType":"USDT-FUTURES"}""", new Dictionary<string, string>(), bearer, null), default));
        }

        responses.AddRange(await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            handler.HandleAsync(new WebhookRequest("""{"account":"ghost","productType":"USDT-FUTURES"}""", new Dictionary<string, string>(), bearer, null), default))));

        Assert.All(responses, r => Assert.Equal(400, r.StatusCode));
        Assert.All(responses, r => Assert.Equal(OutcomeErrorKind.AccountNotConfigured, r.Outcome!.Error!.Kind));
        // One read of the account: its four secrets side by side (api-key, api-secret, passphrase, demo).
        Assert.Equal(1, vault.Reads("bitget-ghost-api-key"));
        Assert.True(vault.TotalReads <= 4, $"{vault.TotalReads} vault reads");
        Assert.Empty(harness.Exchange.Received);
    }

    [Fact]
    public async Task Not_found_is_cached_for_the_configured_time_then_read_again()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-05T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var h = await CredentialsHarness.StartVaultAsync(s => s["CancelAll:KeyVault:NotFoundCacheTtl"] = "00:00:20", time);

        for (var i = 0; i < 5; i++)
        {
            var missing = await Assert.ThrowsAsync<CredentialsException>(() => h.Provider.GetAsync("late", CancellationToken.None).AsTask());
            Assert.Equal(CredentialsErrorKind.AccountNotConfigured, missing.Kind);
        }

        Assert.Equal(1, h.Vault!.Reads("bitget-late-api-key"));
        h.Vault.SetAccount("late", Key, Secret, Passphrase);
        time.Advance(TimeSpan.FromSeconds(19));
        await Assert.ThrowsAsync<CredentialsException>(() => h.Provider.GetAsync("late", CancellationToken.None).AsTask());
        Assert.Equal(1, h.Vault.Reads("bitget-late-api-key"));

        time.Advance(TimeSpan.FromSeconds(1));
        var found = await h.Provider.GetAsync("late", CancellationToken.None);

        Assert.Equal(Key, found.ApiKey);
        Assert.Equal(2, h.Vault.Reads("bitget-late-api-key"));
        Assert.Contains(h.AllLogText(), l => l.Contains("not found; answering 'not found' from cache for 00:00:20", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_throttled_vault_asking_for_a_longer_wait_than_the_retry_bound_ends_the_read_at_once()
    {
        await using var h = await CredentialsHarness.StartVaultAsync();
        h.Vault!.SetAccount("main", Key, Secret, Passphrase);
        h.Vault.Fail("bitget-main-api-key", VaultFault.Throttled);
        h.Vault.ThrottleRetryAfterSeconds = 30;
        var clock = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<CredentialsException>(() => h.Provider.GetAsync("main", CancellationToken.None).AsTask());

        Assert.Equal(CredentialsErrorKind.VaultThrottled, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Equal(1, h.Vault.Reads("bitget-main-api-key")); // not retried into a 30 s wait
        Assert.Contains("asked to wait 30 s (Retry-After)", ex.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_throttled_vault_asking_for_a_wait_within_the_bound_is_retried_no_sooner_than_asked()
    {
        await using var h = await CredentialsHarness.StartVaultAsync(s =>
        {
            s["CancelAll:KeyVault:RetryMaxRetries"] = "1";
            s["CancelAll:KeyVault:RetryMaxDelay"] = "00:00:02";
        });
        h.Vault!.SetAccount("main", Key, Secret, Passphrase);
        h.Vault.Fail("bitget-main-api-key", VaultFault.Throttled);
        h.Vault.ThrottleRetryAfterSeconds = 1;
        var clock = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<CredentialsException>(() => h.Provider.GetAsync("main", CancellationToken.None).AsTask());

        Assert.Equal(CredentialsErrorKind.VaultThrottled, ex.Kind);
        Assert.Equal(2, h.Vault.Reads("bitget-main-api-key"));
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.95), $"retried after {clock.Elapsed}, sooner than the vault's Retry-After");
    }
}
