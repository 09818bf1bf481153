using CancelAll.Core.Credentials;
using Microsoft.Extensions.Time.Testing;

namespace CancelAll.Core.Tests.Credentials;

/// <summary>Caching, TTL and refresh-on-rotation through the real SecretClient and the fake vault (a class of its own so it runs beside the fault tests).</summary>
public sealed class KeyVaultCachingTests
{
    private const string Key = "bg_0123456789abcdef0123456789abcdef";
    private const string Secret = "hmac-secret-7f3a9c1e5b2d4f6a8c0e1b3d5f7a9c2e";
    private const string Passphrase = "pass-phrase-Zq8w!x";

    [Fact]
    public async Task A_thousand_concurrent_requests_make_exactly_one_read_of_each_secret()
    {
        // A cold thread pool under 1000 callers can stall an attempt past a tight network timeout, and the SDK would
        // then (rightly) retry: give the attempts room, so that the count measures the cache alone.
        await using var h = await CredentialsHarness.StartVaultAsync(Roomy);
        h.Vault!.SetAccount("main", Key, Secret, Passphrase);
        h.Vault.ResponseDelay = TimeSpan.FromMilliseconds(100);
        var provider = h.Provider;

        var all = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() => provider.GetAsync("main", CancellationToken.None).AsTask())));

        Assert.All(all, c => Assert.Same(all[0], c));
        Assert.All(new[] { "api-key", "api-secret", "passphrase", "demo" }, s => Assert.Equal(1, h.Vault.Reads($"bitget-main-{s}")));
        Assert.Single(h.AllLogText(), l => l.Contains("Read credentials for account main", StringComparison.Ordinal));
    }

    private static void Roomy(Dictionary<string, string?> settings)
    {
        settings["CancelAll:KeyVault:NetworkTimeout"] = "00:00:05";
        settings["CancelAll:KeyVault:ReadTimeout"] = "00:00:08";
    }

    [Fact]
    public async Task One_caller_giving_up_does_not_fail_the_shared_read()
    {
        await using var h = await CredentialsHarness.StartVaultAsync();
        h.Vault!.SetAccount("main", Key, Secret, Passphrase);
        h.Vault.ResponseDelay = TimeSpan.FromMilliseconds(200);
        using var impatient = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));

        var first = h.Provider.GetAsync("main", impatient.Token).AsTask();
        var second = h.Provider.GetAsync("main", CancellationToken.None).AsTask();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Equal(Key, (await second).ApiKey);
        Assert.Equal(1, h.Vault.Reads("bitget-main-api-key"));
    }

    [Fact]
    public async Task The_cache_is_re_read_when_the_ttl_expires()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-05T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var h = await CredentialsHarness.StartVaultAsync(s => s["CancelAll:KeyVault:CacheTtl"] = "00:01:00", time);
        h.Vault!.SetAccount("main", Key, Secret, Passphrase);

        var first = await h.Provider.GetAsync("main", CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(59));
        var cached = await h.Provider.GetAsync("main", CancellationToken.None);
        Assert.Same(first, cached);
        Assert.Equal(1, h.Vault.Reads("bitget-main-api-key"));

        h.Vault.SetSecret("bitget-main-api-secret", "rotated-secret-after-ttl-000111");
        time.Advance(TimeSpan.FromSeconds(1));
        var reread = await h.Provider.GetAsync("main", CancellationToken.None);

        Assert.NotSame(first, reread);
        Assert.Equal("rotated-secret-after-ttl-000111", reread.Secret);
        Assert.Equal(2, h.Vault.Reads("bitget-main-api-key"));
    }

    [Fact]
    public async Task Refresh_after_rotation_returns_the_new_key_and_replaces_the_cache_entry()
    {
        await using var h = await CredentialsHarness.StartVaultAsync();
        h.Vault!.SetAccount("main", Key, Secret, Passphrase);
        var old = await h.Provider.GetAsync("main", CancellationToken.None);

        h.Vault.SetAccount("main", "bg_rotated_key_99999999999999999", "rotated-hmac-secret-000000000000", "new-pass-phrase");
        Assert.Same(old, await h.Provider.GetAsync("main", CancellationToken.None)); // still cached
        var fresh = await h.Provider.RefreshAsync("main", old, CancellationToken.None);

        Assert.NotNull(fresh);
        Assert.Equal("bg_rotated_key_99999999999999999", fresh.ApiKey);
        Assert.Same(fresh, await h.Provider.GetAsync("main", CancellationToken.None));
        Assert.Equal(2, h.Vault.Reads("bitget-main-api-key"));
        Assert.Contains(h.AllLogText(), l => l.Contains("key changed = True", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refresh_without_rotation_returns_null_so_the_rejection_is_final()
    {
        await using var h = await CredentialsHarness.StartVaultAsync();
        h.Vault!.SetAccount("main", Key, Secret, Passphrase);
        var old = await h.Provider.GetAsync("main", CancellationToken.None);

        var fresh = await h.Provider.RefreshAsync("main", old, CancellationToken.None);

        Assert.Null(fresh);
        Assert.Equal(2, h.Vault.Reads("bitget-main-api-key"));
    }

    [Fact]
    public async Task Concurrent_refreshes_share_one_read()
    {
        await using var h = await CredentialsHarness.StartVaultAsync(Roomy);
        h.Vault!.SetAccount("main", Key, Secret, Passphrase);
        var old = await h.Provider.GetAsync("main", CancellationToken.None);
        h.Vault.SetAccount("main", Key, "rotated-hmac-secret-concurrent-1", Passphrase);
        h.Vault.ResponseDelay = TimeSpan.FromMilliseconds(100);

        var all = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => h.Provider.RefreshAsync("main", old, CancellationToken.None).AsTask())));

        Assert.All(all, c => Assert.Equal("rotated-hmac-secret-concurrent-1", c?.Secret));
        Assert.Equal(2, h.Vault.Reads("bitget-main-api-secret"));
    }
}
