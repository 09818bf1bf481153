using CancelAll.Core.Commands;
using CancelAll.Core.Credentials;
using CancelAll.Core.Exchange;
using CancelAll.Core.Input;
using CancelAll.Core.Kill;
using CancelAll.Core.Outcomes;
using CancelAll.TestExchange;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ExchangeMode = CancelAll.TestExchange.AccountMode;

namespace CancelAll.Core.Tests.Support;

/// <summary>
/// The real core (DI, HttpClientFactory, resilience, limiter, signing) wired to a test exchange on 127.0.0.1.
/// Retry delays are shortened so tests stay fast; everything else is as in production.
/// </summary>
public sealed class ExchangeHarness : IAsyncDisposable
{
    public const string Account = "main";
    public const string WebhookSecret = "whsec-test-0123456789abcdef";

    private readonly IConfiguration configuration;

    private ExchangeHarness(TestExchange.TestExchange exchange, ServiceProvider services, CapturingLoggerProvider logs, ApiCredentials credentials, IConfiguration configuration)
    {
        this.configuration = configuration;
        Exchange = exchange;
        Services = services;
        Logs = logs;
        Credentials = credentials;
    }

    public TestExchange.TestExchange Exchange { get; }

    public ServiceProvider Services { get; }

    public CapturingLoggerProvider Logs { get; }

    public ApiCredentials Credentials { get; }

    public BitgetClient Client => Services.GetRequiredService<BitgetClient>();

    public CancelAllWorkflow Workflow => Services.GetRequiredService<CancelAllWorkflow>();

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public static async Task<ExchangeHarness> StartAsync(
        bool demo = false,
        bool rsa = false,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null,
        TestExchangeOptions? exchangeOptions = null,
        ExchangeMode mode = ExchangeMode.Classic)
    {
        var exchange = await TestExchange.TestExchange.StartAsync(exchangeOptions);
        ApiCredentials credentials;
        if (rsa)
        {
            var (account, privateKey) = ExchangeAccount.CreateRsa("bg_rsa_key_0001", "rsa-passphrase-1", demo, mode);
            exchange.AddAccount(account);
            credentials = new ApiCredentials(account.ApiKey, privateKey, account.Passphrase, demo);
        }
        else
        {
            var account = new ExchangeAccount("bg_hmac_key_0001", "hmac-secret-9f8e7d6c5b4a39281706", "pass-phrase-0001", demo, mode);
            exchange.AddAccount(account);
            credentials = new ApiCredentials(account.ApiKey, account.Secret, account.Passphrase, demo);
        }

        var config = new Dictionary<string, string?>
        {
            [$"{ExchangeOptions.Section}:BaseUrl"] = exchange.BaseUri.ToString(),
            [$"{ExchangeOptions.Section}:RetryBaseDelay"] = "00:00:00.010",
            [$"{ExchangeOptions.Section}:AttemptTimeout"] = "00:00:02",
            ["CancelAll:Webhook:Secrets"] = WebhookSecret,
        };
        // A classic account is set to classic, as its operator may set it: the tests of classic behaviour then count only
        // the calls they are about. Detection (one V3 read on first use) has its own tests, which pass "auto" or use a
        // unified account.
        if (mode == ExchangeMode.Classic)
        {
            config[$"{ExchangeOptions.Section}:AccountModes:{Account}"] = AccountModeSettings.Classic;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        var logs = new CapturingLoggerProvider();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(config).Build();
        return new ExchangeHarness(exchange, BuildServices(configuration, credentials, logs, configure), logs, credentials, configuration);
    }

    /// <summary>
    /// A second, independent service provider over the same exchange and settings: the app after a restart (nothing in
    /// memory survives). The caller disposes it.
    /// </summary>
    public ServiceProvider Restart(Action<IServiceCollection>? configure = null) => BuildServices(configuration, Credentials, Logs, configure);

    private static ServiceProvider BuildServices(IConfiguration configuration, ApiCredentials credentials, CapturingLoggerProvider logs, Action<IServiceCollection>? configure)
    {
        var services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(logs))
            .AddBitgetExchange(configuration)
            .AddCancelAllWorkflow(configuration)
            .AddCancelAllInputs(configuration);
        services.AddSingleton<ICredentialsProvider>(new FixedCredentialsProvider(Account, credentials));
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    public Task<CancelAllResult> CancelAsync(ProductType productType, string? marginCoin = null, TradingEnvironment? environment = null) =>
        Client.CancelAllOrdersAsync(Credentials, CancelTarget.Create(productType, marginCoin, environment ?? (Credentials.Demo ? TradingEnvironment.Demo : TradingEnvironment.Live)), CancellationToken.None);

    public IReadOnlyList<ReceivedRequest> SignedRequests => Exchange.Received.Where(r => r.Path != "/api/v2/public/time").ToList();

    /// <summary>The paths of the signed requests, in order.</summary>
    public IReadOnlyList<string> SignedPaths => SignedRequests.Select(r => r.Path).ToList();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Exchange.DisposeAsync();
    }
}
