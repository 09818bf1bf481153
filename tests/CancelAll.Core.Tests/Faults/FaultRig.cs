using System.Globalization;
using Azure.Core;
using CancelAll.Core.Credentials;
using CancelAll.Core.Exchange;
using CancelAll.Core.Kill;
using CancelAll.Core.Replies;
using CancelAll.Core.Tests.Credentials;
using CancelAll.Core.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace CancelAll.Core.Tests.Faults;

/// <summary>
/// One fault case's world, all on 127.0.0.1: the test exchange with <see cref="FaultCase.OpenOrders"/> open orders, the
/// real core wired to it with short timeouts, the fake Service Bus taking replies, and, for a vault fault, the fake Key
/// Vault behind the real SecretClient (the production registration). The fault is injected once everything is warm.
/// </summary>
internal sealed class FaultRig : IAsyncDisposable
{
    public const string Account = ExchangeHarness.Account;
    public const string ApiKeySecret = "bitget-main-api-key";
    public const string ApiSecretSecret = "bitget-main-api-secret";
    public const string PassphraseSecret = "bitget-main-passphrase";

    /// <summary>
    /// The kill's own request (scope orders on a classic account): the exchange faults are aimed at it, so that a read
    /// made before it (the account's mode, when not set) never takes a fault meant for the kill.
    /// </summary>
    public static readonly TestExchange.FaultTarget CancelRequest = new(BitgetEndpoints.V2CancelAllOrders, "POST");

    /// <summary>Deliveries of a queue message before it is dead-lettered, in the matrix.</summary>
    public const int MaxDeliveryCount = 2;

    private FaultRig(ExchangeHarness harness, FakeKeyVault? vault, FakeServiceBus serviceBus)
    {
        Harness = harness;
        Vault = vault;
        ServiceBus = serviceBus;
    }

    public ExchangeHarness Harness { get; }

    public TestExchange.TestExchange Exchange => Harness.Exchange;

    /// <summary>The fake vault, for vault faults; null otherwise (keys come from configuration).</summary>
    public FakeKeyVault? Vault { get; }

    public FakeServiceBus ServiceBus { get; }

    public ApiCredentials Credentials => Harness.Credentials;

    public int OpenOrders => Exchange.Book(Credentials.ApiKey).OpenOrders.Count;

    /// <summary>The settings that keep a case short: the same names a deployment sets (CancelAll:Section:Name).</summary>
    public static Dictionary<string, string?> Settings(Uri? vaultUri) => new()
    {
        [$"{ExchangeOptions.Section}:MaxRetries"] = FaultCase.MaxRetries.ToString(CultureInfo.InvariantCulture),
        [$"{ExchangeOptions.Section}:RetryBaseDelay"] = "00:00:00.010",
        [$"{ExchangeOptions.Section}:AttemptTimeout"] = "00:00:02", // only a trickled or hung attempt may time out, never its retry on a loaded machine
        [$"{ExchangeOptions.Section}:TotalTimeout"] = "00:00:10",
        ["CancelAll:Queue:MaxDeliveryCount"] = MaxDeliveryCount.ToString(CultureInfo.InvariantCulture),
        ["CancelAll:Schedule:Jobs"] = SessionEndedAMinuteAgo(),
        [CredentialsOptions.VaultUriKey] = vaultUri?.ToString(),
        ["CancelAll:KeyVault:RetryMaxRetries"] = "1",
        ["CancelAll:KeyVault:RetryDelay"] = "00:00:00.020",
        ["CancelAll:KeyVault:RetryMaxDelay"] = "00:00:00.050",
        // Only the hung secret may time out (two tries of 2 s, within the 5 s read), never a read that answers: the CLI's
        // vault client is cold (a fresh TLS connection and the bearer challenge) when its case starts.
        ["CancelAll:KeyVault:NetworkTimeout"] = "00:00:02",
        ["CancelAll:KeyVault:ReadTimeout"] = "00:00:05",
    };

    public static async Task<FaultRig> StartAsync(FaultCase fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        var vault = fault.Place == FaultPlace.Vault ? await FakeKeyVault.StartAsync() : null;
        var serviceBus = await FakeServiceBus.StartAsync();
        var settings = Settings(vault?.VaultUri);
        var harness = await ExchangeHarness.StartAsync(settings: settings, configure: services =>
        {
            services.AddSingleton<IReplySender>(sp => serviceBus.CreateSender(sp.GetRequiredService<ILoggerFactory>()));
            services.AddSingleton<WarmUp>();
            if (vault is not null)
            {
                services.RemoveAll<ICredentialsProvider>();
                services.AddSingleton<TokenCredential>(new Credentials.FakeTokenCredential());
                services.AddCancelAllCredentials(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), vault.ConfigureClient);
            }
        });
        var rig = new FaultRig(harness, vault, serviceBus);
        rig.Exchange.AddOrders(rig.Credentials.ApiKey, "USDT-FUTURES", "USDT", FaultCase.OpenOrders);
        if (vault is not null)
        {
            // Not the app's warm-up: it would cache the account's keys, and the vault's fault would never be read.
            vault.SetAccount(Account, rig.Credentials.ApiKey, rig.Credentials.Secret, rig.Credentials.Passphrase);
            await rig.WarmUpVaultAsync();
        }
        else
        {
            // As the app starts: clock, keys and account mode, so that a cold start does not eat a case's short attempt timeout.
            var warmUp = harness.Get<WarmUp>();
            // No tier-up: nothing of the warm-up may run beside a case's short timeouts.
            warmUp.TierUpRounds = 0;
            await warmUp.StartAsync(CancellationToken.None);
            await warmUp.ExecuteTask!;
        }

        rig.Exchange.ClearReceived();
        fault.Inject(rig);
        return rig;
    }

    /// <summary>The account's secrets are not in the vault (an account nobody stored).</summary>
    public void ForgetVaultAccount()
    {
        foreach (var name in new[] { ApiKeySecret, ApiSecretSecret, PassphraseSecret })
        {
            Vault!.DeleteSecret(name);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.DisposeAsync();
        await ServiceBus.DisposeAsync();
        if (Vault is not null)
        {
            await Vault.DisposeAsync();
        }
    }

    /// <summary>
    /// A flatten job (scope orders) for the account whose session ended one to two minutes ago (UTC, every day), so that
    /// the timer's run now finds it due.
    /// </summary>
    private static string SessionEndedAMinuteAgo()
    {
        var end = DateTimeOffset.UtcNow.AddMinutes(-1);
        return $$"""[{"name":"faults","accounts":["{{Account}}"],"productTypes":["USDT-FUTURES"],"sessionEnd":"{{end:HH\:mm}}","timeZone":"UTC","days":"daily","scope":"orders"}]""";
    }

    /// <summary>TLS, the bearer challenge and JIT happen here, not inside a case's short vault timeouts.</summary>
    private async Task WarmUpVaultAsync()
    {
        Vault!.SetAccount("warm-up", "warm-up-key-0000", "warm-up-secret-0000", "warm-up-phrase-0000");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Harness.Get<ICredentialsProvider>().GetAsync("warm-up", CancellationToken.None);
                return;
            }
            catch (CredentialsException e) when (e.Kind == CredentialsErrorKind.Timeout && attempt < 5)
            {
                // A cold start on a loaded machine can outlast the case's short vault timeout; the next try is warm.
            }
        }
    }
}
