using CancelAll.Core.Input.Schedule;
using CancelAll.Functions.Functions;
using CancelAll.Functions.Tests.Support;
using CancelAll.TestExchange;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CancelAll.Functions.Tests;

/// <summary>local.settings.sample.json is what a newcomer copies: it must never arm a live flatten.</summary>
public class SampleSettingsTests
{
    [Fact]
    public async Task The_sample_job_at_its_session_end_sends_nothing_to_the_exchange()
    {
        // A Tuesday, 30 s after the sample job's 16:00 America/New_York session end (EST: 21:00 UTC).
        var time = new ShiftedTimeProvider(new DateTimeOffset(2026, 12, 1, 21, 0, 30, TimeSpan.Zero));
        await using var exchange = await TestExchange.TestExchange.StartAsync(new TestExchangeOptions { TimeProvider = time });
        var account = new ExchangeAccount("bg_sample_key_0001", "sample-hmac-secret-0123456789", "sample-pass");
        exchange.AddAccount(account);
        exchange.AddOrders(account.ApiKey, "USDT-FUTURES", "USDT", 3);

        // The sample as README's no-vault path uses it, keys added: nothing else changed but replies kept on this machine.
        var settings = AppHost.SampleSettingsWithoutVault(exchange.BaseUri, account.ApiKey, account.Secret, account.Passphrase);
        settings["CancelAll:Replies:Namespace"] = string.Empty;
        using var host = AppHost.Build(settings, s => s.AddSingleton<TimeProvider>(time));
        host.ValidateAsAtStart();
        Assert.NotEmpty(FlattenJob.ParseAll(host.Services.GetRequiredService<IOptions<ScheduleOptions>>().Value.Jobs));

        var timer = new FlattenTimer(host.Services.GetRequiredService<ScheduleHandler>());
        await timer.RunAsync(new TimerInfo { IsPastDue = false });

        Assert.DoesNotContain(exchange.Received, r => r.Method == "POST");
        Assert.Equal(3, exchange.Book(account.ApiKey).OpenOrders.Count);
    }
}
