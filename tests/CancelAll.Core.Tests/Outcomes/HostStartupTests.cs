using CancelAll.Core.Credentials;
using CancelAll.Core.Exchange;
using CancelAll.Core.Input;
using CancelAll.Core.Kill;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Telemetry;
using CancelAll.Core.Input.Queue;
using CancelAll.Core.Input.Schedule;
using CancelAll.Core.Input.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Tests.Outcomes;

/// <summary>
/// The Functions worker runs on the generic host. Registered as the app's Program.cs registers it, the core stops a
/// host with a bad setting at start, naming the setting.
/// </summary>
public class HostStartupTests
{
    private static IHost Build(Dictionary<string, string?> settings, bool warmUp = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services
            .AddBitgetExchange(builder.Configuration)
            .AddCancelAllCredentials(builder.Configuration)
            .AddCancelAllWorkflow(builder.Configuration)
            .AddCancelAllInputs(builder.Configuration)
            .AddCancelAllAzureMonitor(builder.Configuration);
        if (warmUp)
        {
            // As the app's AppServices registers it.
            builder.Services.AddHostedService<WarmUp>();
        }

        return builder.Build();
    }

    private static Dictionary<string, string?> Valid() => new()
    {
        ["CancelAll:Webhook:Secrets"] = "host-test-secret-0123456789",
        ["CancelAll:Accounts:main:ApiKey"] = "bg_host_key",
        ["CancelAll:Accounts:main:ApiSecret"] = "host-secret",
        ["CancelAll:Accounts:main:Passphrase"] = "host-pass",
    };

    [Theory]
    [InlineData("CancelAll:Webhook:Secrets", "", "CancelAll:Webhook:Secrets")]
    [InlineData("CancelAll:Exchange:ReceiveWindow", "00:01:30", "CancelAll:Exchange:ReceiveWindow")]
    [InlineData("CancelAll:Schedule:Jobs", """[{"name":"x","accounts":["main"],"sessionEnd":"16:00","timeZone":"Nowhere/City"}]""", "job 'x', field timeZone")]
    [InlineData("CancelAll:KeyVault:VaultUri", "not a uri", "CancelAll:KeyVault:VaultUri")]
    [InlineData("CancelAll:Flatten:VerifyDeadline", "abc", "CancelAll__Flatten__VerifyDeadline) is 'abc', which is not a time span")]
    [InlineData("CancelAll:Exchange:MaxRetries", "many", "CancelAll__Exchange__MaxRetries) is 'many', which is not a whole number")]
    [InlineData("CancelAll:Queue:MaxDeliveryCount", "five", "CancelAll__Queue__MaxDeliveryCount) is 'five', which is not a whole number; example: 5")]
    public async Task A_bad_setting_stops_the_host_naming_it(string setting, string value, string named)
    {
        var settings = Valid();
        settings[setting] = value;
        using var host = Build(settings);

        var e = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        var failures = e is AggregateException many ? many.InnerExceptions : [e];
        Assert.All(failures, f => Assert.IsType<OptionsValidationException>(f));
        Assert.Contains(failures, f => f.Message.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Valid_settings_start_the_host_with_the_options_bound_the_functions_dependencies_resolved_and_the_warm_up_done()
    {
        await using var exchange = await TestExchange.TestExchange.StartAsync();
        exchange.AddAccount(new TestExchange.ExchangeAccount("bg_host_key", "host-secret", "host-pass", Mode: TestExchange.AccountMode.Unified));
        var settings = Valid();
        settings["CancelAll:Exchange:BaseUrl"] = exchange.BaseUri.ToString();
        settings["CancelAll:Webhook:DefaultProductTypes"] = "USDT-FUTURES";
        settings["CancelAll:Flatten:VerifyDeadline"] = "00:00:04";
        using var host = Build(settings, warmUp: true);

        await host.StartAsync();
        try
        {
            // Options bound from the settings, not left at their defaults.
            Assert.Equal(exchange.BaseUri, host.Services.GetRequiredService<IOptions<ExchangeOptions>>().Value.BaseUrl);
            Assert.Equal(["host-test-secret-0123456789"], host.Services.GetRequiredService<IOptions<WebhookOptions>>().Value.Secrets);
            Assert.Equal(["USDT-FUTURES"], host.Services.GetRequiredService<IOptions<WebhookOptions>>().Value.DefaultProductTypes);
            Assert.Equal(TimeSpan.FromSeconds(4), host.Services.GetRequiredService<IOptions<FlattenOptions>>().Value.VerifyDeadline);

            // What each function asks for resolves: the webhook, the queue, the timer handlers and the workflow.
            Assert.NotNull(host.Services.GetRequiredService<WebhookHandler>());
            Assert.NotNull(host.Services.GetRequiredService<QueueHandler>());
            Assert.NotNull(host.Services.GetRequiredService<ScheduleHandler>());
            Assert.NotNull(host.Services.GetRequiredService<CancelAllWorkflow>());

            // The warm-up ran: the exchange clock was read and the default account's mode detected (a V3 settings read with its key).
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (!exchange.Received.Any(r => r.Path == "/api/v3/account/settings") && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            Assert.Contains(exchange.Received, r => r.Path == BitgetClient.ServerTimePath);
            Assert.Contains(exchange.Received, r => r.Path == "/api/v3/account/settings" && r.Header("ACCESS-KEY") == "bg_host_key" && r.Status == 200);
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
