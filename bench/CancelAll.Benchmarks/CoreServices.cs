using Azure.Core;
using CancelAll.Core.Credentials;
using CancelAll.Core.Exchange;
using CancelAll.Core.Input;
using CancelAll.Core.Kill;
using CancelAll.Core.Outcomes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CancelAll.Benchmarks;

/// <summary>The bench's key on the test exchange. Not a secret: it exists only there.</summary>
public static class BenchAccount
{
    public const string Name = "main";
    public const string ApiKey = "bench_key_0001";
    public const string Secret = "bench-secret-0123456789abcdef";
    public const string Passphrase = "bench-pass-0001";
    public const string WebhookSecret = "bench-webhook-secret-0123456789";

    public static ApiCredentials Credentials => new(ApiKey, Secret, Passphrase);

    /// <summary>The keys as the CLI and the peer scripts read them.</summary>
    public static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
        ["BITGET_API_KEY"] = ApiKey,
        ["BITGET_API_SECRET"] = Secret,
        ["BITGET_API_PASSPHRASE"] = Passphrase,
    };

    /// <summary>The exchange's --account argument.</summary>
    public static string ExchangeArgument => $"{ApiKey}:{Secret}:{Passphrase}";
}

/// <summary>The production registrations (AddBitgetExchange, AddCancelAllWorkflow, AddCancelAllInputs, AddCancelAllCredentials).</summary>
public static class CoreServices
{
    /// <param name="requestsPerSecond">The client limiter's setting (1..100, as validated in production).</param>
    /// <param name="limiterOutOfTheWay">
    /// Bench only: registers the real <see cref="ApiKeyRateLimiter"/> with a limit of 1,000,000/s on every path, which
    /// production settings cannot choose (the endpoint table sets the limits), and the storm coalescer without its spacing between
    /// calls for one key (in production one request interval), so that the client's own speed shows.
    /// </param>
    /// <param name="vault">Credentials from this fake Key Vault through the real SecretClient; null: fixed credentials.</param>
    public static ServiceProvider Build(Uri baseUrl, int requestsPerSecond, bool limiterOutOfTheWay, FakeVault? vault = null, Action<IServiceCollection>? configure = null)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"{ExchangeOptions.Section}:BaseUrl"] = baseUrl.ToString(),
            [$"{ExchangeOptions.Section}:RequestsPerSecond"] = requestsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["CancelAll:Webhook:Secrets"] = BenchAccount.WebhookSecret,
            ["CancelAll:Webhook:DefaultAccount"] = BenchAccount.Name,

            // The bench's account is classic. A running app learns that at warm-up; the rows measure the kill, not that one read.
            [$"{ExchangeOptions.Section}:AccountModes:{BenchAccount.Name}"] = AccountModeSettings.Classic,
        };
        if (vault is not null)
        {
            settings[CredentialsOptions.VaultUriKey] = vault.VaultUri.ToString();
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        if (limiterOutOfTheWay)
        {
            services.AddSingleton(new ApiKeyRateLimiter(_ => [new RateLimitGroup("bench", 1_000_000)], queueLimit: 100_000, TimeSpan.Zero, TimeSpan.FromSeconds(30), TimeProvider.System));
            services.AddSingleton(new CallCoalescer<KillKey, TargetOutcome>(TimeSpan.Zero, TimeProvider.System));
        }

        services.AddBitgetExchange(configuration).AddCancelAllWorkflow(configuration).AddCancelAllInputs(configuration);
        if (vault is null)
        {
            services.AddSingleton<ICredentialsProvider>(new FixedCredentialsProvider(BenchAccount.Name, BenchAccount.Credentials));
        }
        else
        {
            services.AddSingleton<TokenCredential>(new FakeVaultToken());
            services.AddCancelAllCredentials(configuration, vault.ConfigureClient);
        }

        configure?.Invoke(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        provider.GetRequiredService<IStartupValidator>().Validate();
        return provider;
    }
}
