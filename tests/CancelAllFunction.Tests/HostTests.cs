using System.Reflection;
using Azure.Core;
using CancelAll.Core.Credentials;
using CancelAll.Core.Exchange;
using CancelAll.Core.Input;
using CancelAll.Core.Input.Schedule;
using CancelAll.Core.Input.Webhooks;
using CancelAll.Core.Kill;
using CancelAll.Core.Tests.Support;
using CancelAll.TestExchange;
using CancelAll.Functions.Tests.Support;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CancelAll.Functions.Tests;

/// <summary>The real worker host with the app's registrations: what starts (settings, functions, warm-up), and what stops it.</summary>
public class HostTests
{
    private static readonly Uri ClosedPort = new("http://127.0.0.1:9/");

    /// <summary>Every class of the app with a [Function] method, found as the worker SDK finds them.</summary>
    public static Type[] FunctionClasses { get; } = typeof(AppServices).Assembly.GetTypes()
        .Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToArray();

    [Fact]
    public void The_worker_host_builds_every_function_class_with_the_apps_registrations()
    {
        using var host = AppHost.Build(AppHost.SampleSettingsWithoutVault(ClosedPort, "bg_key", "secret", "pass"));
        host.ValidateAsAtStart();

        // The worker's own activator, as it creates a function instance for each invocation.
        var activator = host.Services.GetRequiredService<IFunctionActivator>();
        using var scope = host.Services.CreateScope();
        var context = TestHttp.Context(services: scope.ServiceProvider);
        var built = FunctionClasses.Select(t => activator.CreateInstance(t, context)).ToList();

        Assert.All(built, Assert.NotNull);
        var expected = new List<string> { "CancelAllHttp", "FlattenTimer", "Health", "Heartbeat", "HeartbeatLapseTimer" };
#if SERVICEBUS_FUNCTION
        expected.Add("CancelRequestsFromServiceBus");
#endif
        Assert.Equal(expected.Order(StringComparer.Ordinal), FunctionClasses.Select(t => t.Name));
    }

    [Fact]
    public async Task The_host_starts_with_its_settings_bound_every_functions_dependencies_resolved_and_the_warm_up_done()
    {
        // README's local path without a vault (local.settings.sample.json, VaultUri cleared, keys in settings), a few
        // values off their defaults, against the test exchange with a unified account.
        await using var exchange = await TestExchange.TestExchange.StartAsync();
        var account = new ExchangeAccount("bg_host_start_key", "host-start-hmac-secret-0123", "host-start-pass", Mode: TestExchange.AccountMode.Unified);
        exchange.AddAccount(account);
        var settings = AppHost.SampleSettingsWithoutVault(exchange.BaseUri, account.ApiKey, account.Secret, account.Passphrase);
        settings["CancelAll:Webhook:MaxBodyBytes"] = "32768";
        settings["CancelAll:Exchange:MaxRetries"] = "2";
        settings["CancelAll:Flatten:VerifyDeadline"] = "00:00:20";
        settings["CancelAll:CoinFuturesMarginCoins"] = "BTC";

        // Where the Functions host would listen (its own setting, given by Core Tools or Azure): the worker's hosted
        // services are built, as at start, but only the warm-up is run; nothing connects there.
        settings["Functions:Worker:HostEndpoint"] = ClosedPort.ToString();
        var logs = new CapturingLoggerProvider();
        using var host = AppHost.Build(settings, logs: logs);
        host.ValidateAsAtStart();

        // Settings bound: the values given, not the defaults.
        var services = host.Services;
        Assert.Equal(["local-dev-secret-change-me"], services.GetRequiredService<IOptions<WebhookOptions>>().Value.Secrets);
        Assert.Equal(32768, services.GetRequiredService<IOptions<WebhookOptions>>().Value.MaxBodyBytes);
        Assert.Equal(exchange.BaseUri, services.GetRequiredService<IOptions<ExchangeOptions>>().Value.BaseUrl);
        Assert.Equal(2, services.GetRequiredService<IOptions<ExchangeOptions>>().Value.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(20), services.GetRequiredService<IOptions<FlattenOptions>>().Value.VerifyDeadline);
        Assert.Equal(["BTC"], services.GetRequiredService<IOptions<InputOptions>>().Value.CoinFuturesMarginCoinList);
        Assert.Equal("us-close", Assert.Single(FlattenJob.ParseAll(services.GetRequiredService<IOptions<ScheduleOptions>>().Value.Jobs)).Name);
        Assert.True(string.IsNullOrEmpty(services.GetRequiredService<IOptions<CredentialsOptions>>().Value.KeyVault.VaultUri));

        // Every function's constructor dependencies resolve from an invocation's scope, as the worker resolves them.
        using var scope = services.CreateScope();
        foreach (var function in FunctionClasses)
        {
            var constructor = Assert.Single(function.GetConstructors());
            Assert.All(constructor.GetParameters(), p => Assert.NotNull(scope.ServiceProvider.GetRequiredService(p.ParameterType)));
        }

        // The exchange connection is kept open between alerts (ExchangeConnectionKeeper's own tests show how).
        Assert.Single(services.GetServices<IHostedService>().OfType<ExchangeConnectionKeeper>());

        // The warm-up ran as the host runs it: the exchange clock read, the account's keys loaded and its mode found.
        var warmUp = Assert.Single(services.GetServices<IHostedService>().OfType<WarmUp>());
        await warmUp.StartAsync(CancellationToken.None);
        // (Its dry kills and reads; the tier-up after them runs on until the host stops.)
        await warmUp.Warmed.WaitAsync(TimeSpan.FromSeconds(30));
        await warmUp.StopAsync(CancellationToken.None);
        Assert.Contains(exchange.Received, r => r.Path == BitgetClient.ServerTimePath);
        Assert.Contains(logs.ShownLines, l => l.EndsWith("Warm-up: keys of account main loaded", StringComparison.Ordinal));
        Assert.Contains(logs.ShownLines, l => l.EndsWith("Warm-up: account main is in Unified mode", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.ShownLines, l => l.Contains("Warm-up of", StringComparison.Ordinal));
        // The mode is cached for the first kill, which so makes no detection call of its own.
        var credentials = await services.GetRequiredService<ICredentialsProvider>().GetAsync("main", CancellationToken.None);
        Assert.True(services.GetRequiredService<AccountModeCache>().TryGet(credentials.ApiKey, out var mode));
        Assert.Equal(CancelAll.Core.Exchange.AccountMode.Unified, mode);
    }

    [Fact]
    public void Replies_without_a_vault_use_the_apps_identity()
    {
        // Sending replies needs an Entra token; without a vault the app's identity must exist all the same.
        var settings = AppHost.SampleSettingsWithoutVault(ClosedPort, "bg_key", "secret", "pass");
        settings["CancelAll:Replies:Namespace"] = "sb-cancelall-dev.servicebus.windows.net";
        using var host = AppHost.Build(settings);

        host.ValidateAsAtStart();
        Assert.NotNull(host.Services.GetService<TokenCredential>());
        Assert.True(host.Services.GetRequiredService<CancelAll.Core.Replies.ServiceBusReplySender>().Enabled);
    }

    [Fact]
    public void A_missing_setting_stops_start_up_with_a_message_that_names_it()
    {
        var settings = AppHost.SampleSettingsWithoutVault(ClosedPort, "bg_key", "secret", "pass");
        settings["CancelAll:Webhook:Secrets"] = string.Empty;
        using var host = AppHost.Build(settings);

        var e = Assert.ThrowsAny<OptionsValidationException>(host.ValidateAsAtStart);
        Assert.Contains("CancelAll:Webhook:Secrets is empty", e.Message, StringComparison.Ordinal);
    }
}
