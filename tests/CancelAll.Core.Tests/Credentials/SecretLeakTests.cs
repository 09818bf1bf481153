using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Security.Cryptography;
using Azure.Core.Diagnostics;
using CancelAll.Core.Credentials;
using Microsoft.Extensions.Time.Testing;
using CancelAll.Core.Tests.Support;

namespace CancelAll.Core.Tests.Credentials;

/// <summary>
/// Every path at once, then one scan: our log lines, the Azure SDK's own event log (what a host forwarding
/// AzureEventSource to ILogger would show), exception messages and ToString, and the credentials' ToString.
/// </summary>
public sealed class SecretLeakTests
{
    [Fact]
    public void The_scan_finds_a_whole_value_and_any_line_of_a_pem()
    {
        using var rsa = RSA.Create(2048);
        var pem = rsa.ExportPkcs8PrivateKeyPem();
        var oneLine = pem.Split('\n')[3];

        Assert.ThrowsAny<Exception>(() => SecretScan.AssertNoSecret([pem], [$"oops {oneLine} oops"], "probe"));
        Assert.ThrowsAny<Exception>(() => SecretScan.AssertNoSecret(["hmac-secret-123456"], ["x=hmac-secret-123456"], "probe"));
        SecretScan.AssertNoSecret([pem, "hmac-secret-123456"], ["-----BEGIN PRIVATE KEY----- bitget-main-api-secret"], "probe");
    }

    [Fact]
    public async Task No_secret_value_appears_in_any_log_line_sdk_event_exception_or_to_string()
    {
        var sdkEvents = new ConcurrentQueue<string>();
        using var listener = new AzureEventSourceListener((e, message) => sdkEvents.Enqueue($"{e.EventSource.Name} {e.EventName} {message}"), EventLevel.Verbose);
        using var rsa = RSA.Create(2048);
        var pem = rsa.ExportPkcs8PrivateKeyPem();
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        var texts = new List<string>();

        await using (var h = await CredentialsHarness.StartVaultAsync(
            s => s["CancelAll:KeyVault:NetworkTimeout"] = "00:00:00.250",
            time,
            configureClient: o => o.Diagnostics.IsLoggingContentEnabled = true)) // a careless hook: must be overridden
        {
            var vault = h.Vault!;
            vault.SetAccount("main", "bg_leak_probe_key_0001", "leak-probe-hmac-secret-0001", "leak-probe-passphrase-1", demo: "false");
            vault.SetAccount("rsa", "bg_leak_probe_key_0002", pem, "leak-probe-passphrase-2");
            string[] faulted = ["missing", "disabled", "denied", "throttled", "down", "hanging"];
            foreach (var account in faulted)
            {
                vault.SetAccount(account, $"bg_leak_probe_key_{account}", $"leak-probe-secret-{account}-0001", $"leak-probe-phrase-{account}");
            }

            vault.DeleteSecret("bitget-missing-api-secret");
            vault.SetSecret("bitget-disabled-api-secret", "leak-probe-disabled-value-01", enabled: false);
            vault.Fail("bitget-denied-api-secret", VaultFault.Forbidden);
            vault.Fail("bitget-throttled-api-secret", VaultFault.Throttled);
            vault.Fail("bitget-down-api-secret", VaultFault.Unavailable);
            vault.Fail("bitget-hanging-api-secret", VaultFault.Hang);

            var main = await h.Provider.GetAsync("main", CancellationToken.None);
            var rsaCredentials = await h.Provider.GetAsync("rsa", CancellationToken.None);
            texts.Add(main.ToString());
            texts.Add(rsaCredentials.ToString());
            foreach (var account in faulted)
            {
                var ex = await Assert.ThrowsAsync<CredentialsException>(() => h.Provider.GetAsync(account, CancellationToken.None).AsTask());
                texts.Add(ex.ToString());
            }

            vault.SetAccount("main", "bg_leak_probe_key_0003", "leak-probe-hmac-secret-0003", "leak-probe-passphrase-3");
            var rotated = await h.Provider.RefreshAsync("main", main, CancellationToken.None);
            Assert.NotNull(rotated);
            Assert.Null(await h.Provider.RefreshAsync("main", rotated, CancellationToken.None));
            time.Advance(TimeSpan.FromMinutes(10));
            texts.Add((await h.Provider.GetAsync("main", CancellationToken.None)).ToString());

            Assert.NotEmpty(h.AllLogText());
            texts.AddRange(h.AllLogText());
            SecretScan.AssertNoSecret(vault.EveryValue, texts, "log line, exception or ToString");
        }

        var events = sdkEvents.ToList();
        Assert.Contains(events, e => e.Contains("/secrets/bitget-main-api-secret", StringComparison.Ordinal)); // the listener did see the traffic
        SecretScan.AssertNoSecret(["bg_leak_probe_key_0001", "leak-probe-hmac-secret-0001", "leak-probe-passphrase-1", pem, "leak-probe-hmac-secret-0003"], events, "Azure SDK event");
    }
}
