using System.Diagnostics;
using System.Security.Cryptography;
using Azure.Identity;
using CancelAll.Core.Credentials;
using CancelAll.Core.Tests.Support;

namespace CancelAll.Core.Tests.Credentials;

/// <summary>The real SecretClient, through AddCancelAllCredentials, against a fake vault on 127.0.0.1 over HTTPS.</summary>
public sealed class KeyVaultCredentialsTests
{
    private const string Key = "bg_0123456789abcdef0123456789abcdef";
    private const string Secret = "hmac-secret-7f3a9c1e5b2d4f6a8c0e1b3d5f7a9c2e";
    private const string Passphrase = "pass-phrase-Zq8w!x";

    [Fact]
    public async Task Reads_an_hmac_account_after_the_bearer_challenge()
    {
        var credential = new FakeTokenCredential();
        await using var h = await CredentialsHarness.StartVaultAsync(credential: credential, warmUp: false);
        h.Vault!.SetAccount("main", Key, Secret, Passphrase);

        var credentials = await h.Provider.GetAsync("main", CancellationToken.None);

        Assert.Equal(Key, credentials.ApiKey);
        Assert.Equal(Secret, credentials.Secret);
        Assert.Equal(Passphrase, credentials.Passphrase);
        Assert.False(credentials.Demo);
        Assert.False(credentials.IsRsa);
        Assert.True(h.Vault.Challenges >= 1, "the client must have been challenged before it sent a token");
        Assert.Null(h.Vault.Server.Requests[0].Header("Authorization"));
        Assert.Contains("https://vault.azure.net/.default", credential.Scopes);
        Assert.All(new[] { "api-key", "api-secret", "passphrase", "demo" }, s => Assert.Equal(1, h.Vault.Reads($"bitget-main-{s}")));
        var authorized = h.Vault.Server.Requests.Where(r => r.Header("Authorization") is not null).ToList();
        Assert.All(authorized, r => Assert.Equal($"Bearer {FakeKeyVault.Token}", r.Header("Authorization")));
        Assert.Contains(h.AllLogText(), l => l.Contains("Credentials source: Key Vault 127.0.0.1:", StringComparison.Ordinal));
        Assert.Contains(h.AllLogText(), l => l.Contains("Read credentials for account main from Key Vault", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reads_an_rsa_pem_secret_with_its_newlines_and_the_demo_flag()
    {
        using var rsa = RSA.Create(2048);
        var pem = rsa.ExportPkcs8PrivateKeyPem() + "\n";
        await using var h = await CredentialsHarness.StartVaultAsync();
        h.Vault!.SetAccount("hedge-sub1", Key, pem, Passphrase, demo: "True");

        var credentials = await h.Provider.GetAsync("hedge-sub1", CancellationToken.None);

        Assert.Equal(pem, credentials.Secret);
        Assert.Contains('\n', credentials.Secret);
        Assert.True(credentials.IsRsa);
        Assert.True(credentials.Demo);
        Assert.DoesNotContain("PRIVATE", credentials.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Passphrase, credentials.ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<VaultFault, bool, CredentialsErrorKind, string> Faults => new()
    {
        { VaultFault.None, false, CredentialsErrorKind.SecretMissing, "the account's API key is stored but this part of it is not; create it" },
        { VaultFault.None, true, CredentialsErrorKind.SecretDisabled, "enable the secret" },
        { VaultFault.Forbidden, false, CredentialsErrorKind.AccessDenied, "grant the function's identity the Key Vault Secrets User role on the vault" },
        { VaultFault.Throttled, false, CredentialsErrorKind.VaultThrottled, "HTTP 429" },
        { VaultFault.Unavailable, false, CredentialsErrorKind.VaultUnavailable, "HTTP 503" },
        { VaultFault.Hang, false, CredentialsErrorKind.Timeout, "CancelAll:KeyVault:NetworkTimeout" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Each_fault_ends_in_a_typed_error_naming_account_and_secret_but_no_value(VaultFault fault, bool disabled, CredentialsErrorKind kind, string fix)
    {
        await using var h = await CredentialsHarness.StartVaultAsync(fault == VaultFault.Hang ? ShortNetworkTimeout : null);
        h.Vault!.SetAccount("main", Key, Secret, Passphrase);
        const string name = "bitget-main-api-secret";
        if (fault == VaultFault.None && !disabled)
        {
            h.Vault.DeleteSecret(name);
        }

        if (disabled)
        {
            h.Vault.SetSecret(name, Secret, enabled: false);
        }

        h.Vault.Fail(name, fault);

        var ex = await Assert.ThrowsAsync<CredentialsException>(() => h.Provider.GetAsync("main", CancellationToken.None).AsTask());

        Assert.Equal(kind, ex.Kind);
        Assert.Equal("main", ex.Account);
        Assert.Equal(name, ex.SecretName);
        Assert.Contains("'main'", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"'{name}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(fix, ex.Message, StringComparison.Ordinal);
        Assert.Equal(kind is CredentialsErrorKind.VaultThrottled or CredentialsErrorKind.VaultUnavailable or CredentialsErrorKind.Timeout, ex.IsTransient);
        Assert.DoesNotContain("Content:", ex.ToString(), StringComparison.Ordinal); // no vault response body
        SecretScan.AssertNoSecret([Key, Secret, Passphrase], [ex.Message, ex.ToString()], "exception");
        Assert.Contains(h.AllLogText(), l => l.Contains($"{kind} on secret {name}", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(VaultFault.Throttled)]
    [InlineData(VaultFault.Unavailable)]
    [InlineData(VaultFault.Hang)]
    [InlineData(VaultFault.Trickle)]
    public async Task Transient_faults_are_retried_a_bounded_number_of_times_in_bounded_time(VaultFault fault)
    {
        await using var h = await CredentialsHarness.StartVaultAsync(ShortNetworkTimeout);
        h.Vault!.SetAccount("main", Key, Secret, Passphrase);
        h.Vault.Fail("bitget-main-passphrase", fault);

        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAsync<CredentialsException>(() => h.Provider.GetAsync("main", CancellationToken.None).AsTask());

        Assert.Equal(3, h.Vault.Reads("bitget-main-passphrase")); // 1 + RetryMaxRetries (2)
        Assert.Equal(1, h.Vault.Reads("bitget-main-api-key"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}, as long as the read deadline");
    }

    [Fact]
    public async Task The_production_retry_defaults_give_up_on_a_failing_vault_within_a_few_seconds()
    {
        await using var h = await CredentialsHarness.StartVaultAsync(s =>
        {
            foreach (var key in s.Keys.Where(k => k != CancelAll.Core.Credentials.CredentialsOptions.VaultUriKey).ToList())
            {
                s.Remove(key);
            }
        });
        h.Vault!.SetAccount("main", Key, Secret, Passphrase);
        h.Vault.Fail("bitget-main-api-key", VaultFault.Unavailable);

        var clock = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<CredentialsException>(() => h.Provider.GetAsync("main", CancellationToken.None).AsTask());

        Assert.Equal(CredentialsErrorKind.VaultUnavailable, ex.Kind);
        Assert.Equal(3, h.Vault.Reads("bitget-main-api-key"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task The_read_deadline_ends_a_hanging_vault_before_the_sdk_retries_would()
    {
        await using var h = await CredentialsHarness.StartVaultAsync(s =>
        {
            s["CancelAll:KeyVault:NetworkTimeout"] = "00:00:05";
            s["CancelAll:KeyVault:ReadTimeout"] = "00:00:00.400";
        });
        h.Vault!.SetAccount("main", Key, Secret, Passphrase);
        h.Vault.Fail("bitget-main-api-key", VaultFault.Hang);

        var clock = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<CredentialsException>(() => h.Provider.GetAsync("main", CancellationToken.None).AsTask());

        Assert.Equal(CredentialsErrorKind.Timeout, ex.Kind);
        Assert.Equal("bitget-main-api-key", ex.SecretName);
        Assert.Contains("CancelAll:KeyVault:ReadTimeout", ex.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_failed_read_is_not_cached()
    {
        await using var h = await CredentialsHarness.StartVaultAsync();
        h.Vault!.SetAccount("main", Key, Secret, Passphrase);
        h.Vault.Fail("bitget-main-api-key", VaultFault.Forbidden);
        await Assert.ThrowsAsync<CredentialsException>(() => h.Provider.GetAsync("main", CancellationToken.None).AsTask());

        h.Vault.Fail("bitget-main-api-key", VaultFault.None);
        var credentials = await h.Provider.GetAsync("main", CancellationToken.None);

        Assert.Equal(Key, credentials.ApiKey);
    }

    [Theory]
    [InlineData("bitget-main-demo", "yes", CredentialsErrorKind.InvalidSecretValue)]
    [InlineData("bitget-main-passphrase", "   ", CredentialsErrorKind.InvalidSecretValue)]
    public async Task Unusable_values_are_rejected_without_echoing_them(string name, string value, CredentialsErrorKind kind)
    {
        await using var h = await CredentialsHarness.StartVaultAsync();
        h.Vault!.SetAccount("main", Key, Secret, Passphrase);
        h.Vault.SetSecret(name, value);

        var ex = await Assert.ThrowsAsync<CredentialsException>(() => h.Provider.GetAsync("main", CancellationToken.None).AsTask());

        Assert.Equal(kind, ex.Kind);
        Assert.Equal(name, ex.SecretName);
        Assert.DoesNotContain($"'{value}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_token_credential_is_access_denied_naming_the_client_id_setting()
    {
        var credential = new FakeTokenCredential(new CredentialUnavailableException("ManagedIdentityCredential authentication unavailable."));
        await using var h = await CredentialsHarness.StartVaultAsync(credential: credential, warmUp: false);
        h.Vault!.SetAccount("main", Key, Secret, Passphrase);

        var ex = await Assert.ThrowsAsync<CredentialsException>(() => h.Provider.GetAsync("main", CancellationToken.None).AsTask());

        Assert.Equal(CredentialsErrorKind.AccessDenied, ex.Kind);
        Assert.Contains("CancelAll:ManagedIdentityClientId", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.Vault.TotalReads);
    }

    /// <summary>
    /// A per-try timeout that only a hung or trickled secret reaches: 1 s leaves the reads that answer room on a loaded
    /// machine. The read deadline stays out of the way: three tries of 1 s end well before it.
    /// </summary>
    private static void ShortNetworkTimeout(Dictionary<string, string?> settings)
    {
        settings["CancelAll:KeyVault:NetworkTimeout"] = "00:00:01";
        settings["CancelAll:KeyVault:ReadTimeout"] = "00:00:10";
    }

    [Fact]
    public async Task Invalid_account_names_are_rejected_before_any_vault_call()
    {
        await using var h = await CredentialsHarness.StartVaultAsync();

        var ex = await Assert.ThrowsAsync<CredentialsException>(() => h.Provider.GetAsync("Main", CancellationToken.None).AsTask());

        Assert.Equal(CredentialsErrorKind.InvalidAccountName, ex.Kind);
        Assert.Equal("Main", ex.Account);
        Assert.Empty(h.Vault!.Server.Requests);
    }
}
