using CancelAll.Core.DeadMan;
using CancelAll.TestExchange;

namespace CancelAll.Core.Tests.DeadMan;

/// <summary>
/// The countdown against the test exchange's own countdown-cancel-all (a UTA account, timed by the exchange's clock,
/// which here is the test's fake clock): the exchange cancels when heartbeats stop, even with the app-side timer never run.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class CountdownOnTestExchangeTests(Azurite azurite)
{
    private const string Accounts = """[{"account":"main","productTypes":["USDT-FUTURES"],"exchangeCountdown":true}]""";

    [Fact]
    public async Task With_access_each_heartbeat_re_arms_the_exchange_countdown_and_the_exchange_cancels_when_they_stop()
    {
        await using var harness = await DeadManHarness.StartAsync(azurite, Accounts, mode: AccountMode.Unified, shareClockWithExchange: true);
        var key = harness.Exchange.Credentials.ApiKey;
        harness.Exchange.Exchange.GrantCountdownAccess(key);
        harness.Exchange.Exchange.AddOrders(key, "USDT-FUTURES", "USDT", 3);
        var book = harness.Exchange.Exchange.Book(key);

        // A bot beating every 4 s with a 6 s countdown: the exchange never lapses.
        for (var beat = 0; beat < 5; beat++)
        {
            var response = await harness.BeatAsync(timeoutSeconds: 6);
            Assert.Equal("Refreshed", response.Answer.Countdown);
            Assert.Equal(TimeSpan.FromSeconds(6), book.CountdownWindow);
            harness.Clock.Advance(TimeSpan.FromSeconds(4));
        }

        Assert.Equal(3, book.OpenOrders.Count);
        Assert.Equal(0, book.CountdownLapses);

        // The bot (and, for all the exchange knows, the app) goes quiet: Bitget's side cancels on its own.
        harness.Clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Empty(book.OpenOrders);
        Assert.Equal(1, book.CountdownLapses);
    }

    [Fact]
    public async Task Without_access_the_heartbeat_is_recorded_and_says_what_Bitget_answered()
    {
        await using var harness = await DeadManHarness.StartAsync(azurite, Accounts, mode: AccountMode.Unified, shareClockWithExchange: true);

        var response = await harness.BeatAsync(timeoutSeconds: 30);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("Armed", response.Answer.State);
        Assert.StartsWith($"Failed: [{TestExchange.TestExchange.CountdownAccessDeniedCode}]", response.Answer.Countdown, StringComparison.Ordinal);
        Assert.Contains("the app-side switch is armed and still fires", response.Answer.Countdown, StringComparison.Ordinal);
        Assert.Null(harness.Exchange.Exchange.Book(harness.Exchange.Credentials.ApiKey).CountdownWindow);
    }
}
