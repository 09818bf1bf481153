using CancelAll.Core.Commands;
using CancelAll.Core.Exchange;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Tests.Support;
using AccountMode = CancelAll.Core.Exchange.AccountMode;
using ExchangeMode = CancelAll.TestExchange.AccountMode;

namespace CancelAll.Core.Tests.Kill;

/// <summary>
/// The first use of an account with no mode setting finds its mode once (one V3 read, shared by every target and
/// command that needs it at the same time); every target then goes straight to the right API. Counted at the test exchange.
/// </summary>
public class ModeDetectionTests
{
    private static readonly ProductType[] ThreeTypes = [ProductType.UsdtFutures, ProductType.CoinFutures, ProductType.UsdcFutures];

    private static CancelCommand Command(params ProductType[] types) =>
        new(ExchangeHarness.Account, [.. types.Select(t => CancelTarget.Create(t, t == ProductType.CoinFutures ? "BTC" : null, TradingEnvironment.Live))], CommandSource.Http, CancelCommand.NewCorrelationId(), Scope: CancelScope.Orders);

    private static int Count(ExchangeHarness harness, string path) => harness.SignedPaths.Count(p => p == path);

    [Fact]
    public async Task Three_targets_on_a_fresh_unified_account_pay_one_detection_and_no_failed_call()
    {
        await using var harness = await UnifiedKillTests.StartAsync();
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, UnifiedKillTests.Usdt, "USDT", 2);

        var outcome = await harness.Workflow.RunAsync(Command(ThreeTypes), CancellationToken.None);

        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.Equal(2, outcome.CancelledCount);
        Assert.All(outcome.Targets, t => Assert.Equal(AccountMode.Unified, t.AccountMode));
        Assert.All(outcome.Targets, t => Assert.Null(t.Steps));
        Assert.Equal(BitgetEndpoints.V3AccountSettings, harness.SignedPaths[0]);
        Assert.Equal(1, Count(harness, BitgetEndpoints.V3AccountSettings));
        Assert.Equal(2, Count(harness, BitgetEndpoints.V3CancelSymbolOrder));
        Assert.Equal(1, Count(harness, BitgetEndpoints.V3UnfilledOrders)); // COIN-FUTURES/BTC: which symbols settle in BTC
        Assert.Equal(4, harness.SignedRequests.Count);
        Assert.DoesNotContain(harness.SignedRequests, r => r.Code is "40085" or "40084");
    }

    [Fact]
    public async Task Three_targets_on_a_fresh_classic_account_pay_one_v3_read_answered_40084_then_go_to_v2()
    {
        await using var harness = await UnifiedKillTests.StartAsync(AccountModeSettings.Auto, mode: ExchangeMode.Classic);
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, UnifiedKillTests.Usdt, "USDT", 2);

        var outcome = await harness.Workflow.RunAsync(Command(ThreeTypes), CancellationToken.None);

        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.Equal(2, outcome.CancelledCount);
        Assert.All(outcome.Targets, t => Assert.Equal(AccountMode.Classic, t.AccountMode));
        Assert.Equal(["40084"], harness.SignedRequests.Where(r => r.Path == BitgetEndpoints.V3AccountSettings).Select(r => r.Code));
        Assert.Equal(3, Count(harness, BitgetEndpoints.V2CancelAllOrders));
        Assert.Equal(4, harness.SignedRequests.Count);

        // The mode is cached for the key: the next command makes no detection.
        harness.Exchange.ClearReceived();
        await harness.Workflow.RunAsync(Command(ProductType.UsdtFutures), CancellationToken.None);
        Assert.Equal([BitgetEndpoints.V2CancelAllOrders], harness.SignedPaths);
    }

    [Theory]
    [InlineData(ExchangeMode.Unified)]
    [InlineData(ExchangeMode.Classic)]
    public async Task Concurrent_commands_for_a_fresh_account_share_one_detection(ExchangeMode mode)
    {
        await using var harness = await UnifiedKillTests.StartAsync(AccountModeSettings.Auto, mode: mode);
        harness.Exchange.Faults.HoldAnswers();

        // Eight commands at once over three targets; every answer is held until all eight have started, so they all need the mode at the same time.
        var commands = Enumerable.Range(0, 8).Select(i => Command(ThreeTypes[i % 3])).ToList();
        var running = commands.Select(c => harness.Workflow.RunAsync(c, CancellationToken.None)).ToList();
        await Eventually.TrueAsync(() => harness.Exchange.Faults.HeldAnswers >= 1, "the detection's answer is held");
        harness.Exchange.Faults.ReleaseAnswers();
        var outcomes = await Task.WhenAll(running);

        Assert.All(outcomes, o => Assert.NotEqual(OutcomeStatus.Failed, o.Status));
        Assert.Equal(1, Count(harness, BitgetEndpoints.V3AccountSettings));
        Assert.DoesNotContain(harness.SignedRequests, r => r.Code == "40085");
        Assert.All(outcomes, o => Assert.Equal(mode == ExchangeMode.Unified ? AccountMode.Unified : AccountMode.Classic, o.Targets[0].AccountMode));
    }

    [Fact]
    public async Task A_detection_that_fails_does_not_hold_up_the_kill_and_the_40085_switch_finds_the_mode()
    {
        await using var harness = await UnifiedKillTests.StartAsync();
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, UnifiedKillTests.Usdt, "USDT", 1);
        harness.Exchange.Book(harness.Credentials.ApiKey).DeniedPaths[BitgetEndpoints.V3AccountSettings] = true;

        var outcome = await harness.Workflow.RunAsync(Command(ProductType.UsdtFutures), CancellationToken.None);

        // No answer from detection: the classic API first, and the 40085 switch finds the unified account.
        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.Equal(1, outcome.CancelledCount);
        Assert.Equal([BitgetEndpoints.V3AccountSettings, BitgetEndpoints.V2CancelAllOrders, BitgetEndpoints.V3CancelSymbolOrder], harness.SignedPaths);
        Assert.Contains(harness.Logs.Lines, l => l.Contains("Could not detect the mode of account main", StringComparison.Ordinal));

        // The switch cached the mode it found: the next command goes straight to V3.
        harness.Exchange.ClearReceived();
        await harness.Workflow.RunAsync(Command(ProductType.UsdtFutures), CancellationToken.None);
        Assert.Equal([BitgetEndpoints.V3CancelSymbolOrder], harness.SignedPaths);
    }

    [Fact]
    public async Task A_failed_detection_is_tried_again_on_the_next_use()
    {
        await using var harness = await UnifiedKillTests.StartAsync();
        var apis = harness.Get<AccountApis>();
        harness.Exchange.Book(harness.Credentials.ApiKey).DeniedPaths[BitgetEndpoints.V3AccountSettings] = true;
        await Assert.ThrowsAsync<ExchangeException>(() => apis.DetectAsync(ExchangeHarness.Account, harness.Credentials, default));

        harness.Exchange.Book(harness.Credentials.ApiKey).DeniedPaths.Clear();
        Assert.Equal(AccountMode.Unified, await apis.DetectAsync(ExchangeHarness.Account, harness.Credentials, default));
        Assert.Equal(2, Count(harness, BitgetEndpoints.V3AccountSettings));
    }
}
