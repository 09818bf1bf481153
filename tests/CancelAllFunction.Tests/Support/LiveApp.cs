using Azure.Core;
using CancelAll.TestExchange;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CancelAll.Functions.Tests.Support;

/// <summary>The app's real host, its keys in settings (README's no-vault path), against the test exchange on 127.0.0.1.</summary>
internal sealed class LiveApp : IAsyncDisposable
{
    public const string Secret = "function-test-secret-0123456789";

    private LiveApp(TestExchange.TestExchange exchange, ExchangeAccount account, IHost host)
    {
        Exchange = exchange;
        Account = account;
        Host = host;
    }

    public TestExchange.TestExchange Exchange { get; }

    public ExchangeAccount Account { get; }

    public IHost Host { get; }

    public static async Task<LiveApp> StartAsync(
        IDictionary<string, string?>? settings = null,
        TimeProvider? time = null,
        ILoggerProvider? logs = null,
        Action<IServiceCollection>? configure = null)
    {
        var exchange = await TestExchange.TestExchange.StartAsync(new TestExchangeOptions { TimeProvider = time ?? TimeProvider.System });
        var account = new ExchangeAccount("bg_function_key_0001", "function-hmac-secret-0123456789", "function-pass");
        exchange.AddAccount(account);
        var values = AppHost.SampleSettingsWithoutVault(exchange.BaseUri, account.ApiKey, account.Secret, account.Passphrase);
        values["CancelAll:Webhook:Secrets"] = Secret;
        values["CancelAll:Schedule:Jobs"] = "[]";
        values["CancelAll:Exchange:RetryBaseDelay"] = "00:00:00.010";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var host = AppHost.Build(values, services =>
        {
            services.AddSingleton<TokenCredential>(new FixedTokenCredential());
            if (time is not null)
            {
                services.AddSingleton(time);
            }

            configure?.Invoke(services);
        }, logs);
        host.ValidateAsAtStart();
        return new LiveApp(exchange, account, host);
    }

    /// <summary>A function class built as the worker builds it for an invocation.</summary>
    public T Function<T>() => ActivatorUtilities.CreateInstance<T>(Host.Services);

    public async ValueTask DisposeAsync()
    {
        Host.Dispose();
        await Exchange.DisposeAsync();
    }
}
