using Azure.Core;
using Azure.Security.KeyVault.Secrets;
using CancelAll.Core.Credentials;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using CancelAll.Core.Tests.Support;

namespace CancelAll.Core.Tests.Credentials;

/// <summary>
/// The production registration (AddCancelAllCredentials) over a fake vault, with every log line captured.
/// Disposing it fails the test if any captured log line holds a secret value.
/// </summary>
public sealed class CredentialsHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly List<string> _extraSecrets = [];

    private CredentialsHarness(ServiceProvider services, FakeKeyVault? vault, FakeLogCollector logs)
    {
        _services = services;
        Vault = vault;
        Logs = logs;
    }

    public FakeKeyVault? Vault { get; }

    public FakeLogCollector Logs { get; }

    public IServiceProvider Services => _services;

    public ICredentialsProvider Provider => _services.GetRequiredService<ICredentialsProvider>();

    /// <summary>Fast settings for tests: bounded retries in tens of milliseconds.</summary>
    public static Dictionary<string, string?> FastVaultSettings(Uri vaultUri) => new()
    {
        [CredentialsOptions.VaultUriKey] = vaultUri.ToString(),
        ["CancelAll:KeyVault:RetryMaxRetries"] = "2",
        ["CancelAll:KeyVault:RetryDelay"] = "00:00:00.020",
        ["CancelAll:KeyVault:RetryMaxDelay"] = "00:00:00.050",
        ["CancelAll:KeyVault:NetworkTimeout"] = "00:00:01",
        ["CancelAll:KeyVault:ReadTimeout"] = "00:00:03",
    };

    public static async Task<CredentialsHarness> StartVaultAsync(
        Action<Dictionary<string, string?>>? settings = null,
        TimeProvider? time = null,
        TokenCredential? credential = null,
        bool warmUp = true,
        Action<SecretClientOptions>? configureClient = null)
    {
        var vault = await FakeKeyVault.StartAsync();
        var values = FastVaultSettings(vault.VaultUri);
        settings?.Invoke(values);
        var harness = Build(values, vault, time, credential ?? new FakeTokenCredential(), configureClient);
        if (warmUp)
        {
            // JIT, the TLS handshake and the bearer challenge happen here, not inside a test's tight timings.
            vault.SetAccount("warm-up", "warm-up-key-0000", "warm-up-secret-0000", "warm-up-phrase-0000");
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await harness.Provider.GetAsync("warm-up", CancellationToken.None);
                    break;
                }
                catch (CredentialsException ex) when (ex.Kind == CredentialsErrorKind.Timeout && attempt < 5)
                {
                    // A cold start can outlast a test's deliberately tiny deadline; the next try is warm.
                }
            }

            vault.Server.ClearRequests();
        }

        return harness;
    }

    public static CredentialsHarness StartConfiguration(Dictionary<string, string?> values, TimeProvider? time = null) =>
        Build(values, null, time, null, null);

    private static CredentialsHarness Build(Dictionary<string, string?> values, FakeKeyVault? vault, TimeProvider? time, TokenCredential? credential, Action<SecretClientOptions>? configureClient)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var logs = new FakeLogCollector(Options.Create(new FakeLogCollectorOptions()));
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        if (credential is not null)
        {
            services.AddSingleton(credential);
        }

        services.AddCancelAllCredentials(configuration, vault is null ? null : o =>
        {
            vault.ConfigureClient(o);
            configureClient?.Invoke(o);
        });
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        provider.GetRequiredService<IStartupValidator>().Validate();
        var harness = new CredentialsHarness(provider, vault, logs);
        harness._extraSecrets.AddRange(CredentialsLogs.ValuesIn(values));
        return harness;
    }

    public void AlsoNeverLog(params string[] values) => _extraSecrets.AddRange(values);

    public IReadOnlyList<string> AllLogText() => [.. Logs.GetSnapshot().Select(CredentialsLogs.Describe)];

    public async ValueTask DisposeAsync()
    {
        var secrets = _extraSecrets.Concat(Vault?.EveryValue ?? []).ToList();
        var lines = AllLogText();
        await _services.DisposeAsync();
        if (Vault is not null)
        {
            await Vault.DisposeAsync();
        }

        SecretScan.AssertNoSecret(secrets, lines, "captured log line");
    }
}

/// <summary>Log records as text, and the secret values a settings dictionary holds, for the secret scans.</summary>
public static class CredentialsLogs
{
    public static string Describe(FakeLogRecord record)
    {
        var state = record.StructuredState is null ? string.Empty : string.Join(" | ", record.StructuredState.Select(kv => $"{kv.Key}={kv.Value}"));
        return $"[{record.Level}] {record.Category}: {record.Message} {{{state}}} {record.Exception}";
    }

    /// <summary>Values of account secrets in a settings dictionary (keys ending ApiKey, ApiSecret, Passphrase).</summary>
    public static IEnumerable<string> ValuesIn(Dictionary<string, string?> settings) =>
        settings.Where(kv => kv.Value is { Length: > 0 } && (kv.Key.EndsWith(":ApiKey", StringComparison.OrdinalIgnoreCase)
                || kv.Key.EndsWith(":ApiSecret", StringComparison.OrdinalIgnoreCase) || kv.Key.EndsWith(":Passphrase", StringComparison.OrdinalIgnoreCase)))
            .Select(kv => kv.Value!);
}
