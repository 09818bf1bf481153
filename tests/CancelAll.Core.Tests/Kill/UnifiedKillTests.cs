using System.Net;
using System.Text.Json.Nodes;
using CancelAll.Core.Commands;
using CancelAll.Core.Exchange;
using CancelAll.Core.Kill;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Telemetry;
using CancelAll.Core.Tests.Support;
using CancelAll.TestExchange;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using AccountMode = CancelAll.Core.Exchange.AccountMode;
using ExchangeMode = CancelAll.TestExchange.AccountMode;

namespace CancelAll.Core.Tests.Kill;

/// <summary>Every scope on a Unified Trading Account (V3), against the test exchange in UTA mode.</summary>
public class UnifiedKillTests
{
    internal const string Usdt = "USDT-FUTURES";

    internal static Task<ExchangeHarness> StartAsync(string? modeSetting = null, bool demo = false, double deadlineSeconds = 3, ExchangeMode mode = ExchangeMode.Unified)
    {
        var settings = new Dictionary<string, string?>();
        if (modeSetting is not null)
        {
            settings[$"{ExchangeOptions.Section}:AccountModes:{ExchangeHarness.Account}"] = modeSetting;
        }

        return ExchangeHarness.StartAsync(demo: demo, settings: settings, mode: mode, configure: services => services.Configure<FlattenOptions>(o =>
        {
            o.VerifyDeadline = TimeSpan.FromSeconds(deadlineSeconds);
            o.VerifyInterval = TimeSpan.FromMilliseconds(50);
        }));
    }

    internal static Task<CancelOutcome> RunAsync(ExchangeHarness harness, CancelScope scope, bool dryRun = false, bool? verify = null, CancelTarget? target = null) =>
        harness.Workflow.RunAsync(
            new CancelCommand(ExchangeHarness.Account, [target ?? CancelTarget.Create(ProductType.UsdtFutures, null, harness.Credentials.Demo ? TradingEnvironment.Demo : TradingEnvironment.Live)], CommandSource.Cli, CancelCommand.NewCorrelationId(), DryRun: dryRun, Scope: scope, Verify: verify),
            CancellationToken.None);

    /// <summary>3 orders; a trigger entry; TP/SL on both symbols; a strategy order of a type we do not know; positions.</summary>
    internal static void Seed(ExchangeHarness harness, bool hedge = false)
    {
        var key = harness.Credentials.ApiKey;
        var exchange = harness.Exchange;
        exchange.Book(key).HedgeMode = hedge;
        exchange.AddOrders(key, Usdt, "USDT", 3, "BTCUSDT");
        exchange.AddStrategyOrder(key, Usdt, "BTCUSDT", V3StrategyTypes.Trigger);
        exchange.AddStrategyOrder(key, Usdt, "BTCUSDT", V3StrategyTypes.TpSl);
        exchange.AddStrategyOrder(key, Usdt, "ETHUSDT", V3StrategyTypes.TpSl, "short");
        exchange.AddStrategyOrder(key, Usdt, "ETHUSDT", "trailing");
        exchange.AddUtaPosition(key, Usdt, "BTCUSDT", "long");
        exchange.AddUtaPosition(key, Usdt, hedge ? "BTCUSDT" : "ETHUSDT", "short");
    }

    private static JsonObject Body(ReceivedRequest request) => (JsonObject)JsonNode.Parse(request.Body)!;

    [Fact]
    public async Task Orders_on_a_unified_account_with_no_setting_detect_the_mode_once_and_go_straight_to_v3()
    {
        await using var harness = await StartAsync();
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, Usdt, "USDT", 2);

        var first = await RunAsync(harness, CancelScope.Orders);

        Assert.Equal(OutcomeStatus.Succeeded, first.Status);
        Assert.Equal(2, first.CancelledCount);
        Assert.Equal(AccountMode.Unified, first.Targets[0].AccountMode);
        Assert.Equal([BitgetEndpoints.V3AccountSettings, BitgetEndpoints.V3CancelSymbolOrder], harness.SignedPaths);
        Assert.Null(first.Targets[0].Steps);
        Assert.Equal(Usdt, Body(harness.SignedRequests[1])["category"]!.GetValue<string>());

        harness.Exchange.ClearReceived();
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, Usdt, "USDT", 1);
        var second = await RunAsync(harness, CancelScope.Orders);
        Assert.Equal(1, second.CancelledCount);
        Assert.Equal([BitgetEndpoints.V3CancelSymbolOrder], harness.SignedPaths);
    }

    [Fact]
    public async Task The_reply_and_the_outcome_json_state_the_account_mode()
    {
        await using var harness = await StartAsync(modeSetting: "uta");
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, Usdt, "USDT", 1);

        var outcome = await RunAsync(harness, CancelScope.Orders);

        var reply = JsonNode.Parse(Core.Replies.ReplyJsonContext.Serialize(Core.Replies.ReplyMapper.ToReply(outcome, Core.Replies.ReplyContext.ForQueue("m-1", outcome.CorrelationId))))!;
        Assert.Equal("Unified", reply["targets"]![0]!["accountMode"]!.GetValue<string>());
        Assert.Null(reply["targets"]![0]!["joined"]);
        Assert.Equal("Unified", JsonNode.Parse(Core.Replies.ReplyJsonContext.Serialize(Core.Replies.ReplyMapper.ToDocument(outcome)))!["targets"]![0]!["accountMode"]!.GetValue<string>());

        var logs = new CapturingLoggerProvider();
        using var telemetry = new ServiceCollection().AddLogging(l => l.AddProvider(logs)).AddCancelAllTelemetry().BuildServiceProvider();
        telemetry.GetRequiredService<Core.Telemetry.OutcomeRecorder>().Record(outcome, Core.Replies.ReplyContext.ForHttp(outcome.CorrelationId));
        Assert.Contains(logs.Lines, l => l.Contains("account_modes=Unified", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_uta_setting_skips_detection()
    {
        await using var harness = await StartAsync(modeSetting: "uta");
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, Usdt, "USDT", 2);

        var outcome = await RunAsync(harness, CancelScope.Orders);

        Assert.Equal(2, outcome.CancelledCount);
        Assert.Equal([BitgetEndpoints.V3CancelSymbolOrder], harness.SignedPaths);
    }

    [Fact]
    public async Task A_wrong_setting_is_one_call_and_a_clear_error_never_a_loop()
    {
        await using var harness = await StartAsync(modeSetting: "classic");
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, Usdt, "USDT", 2);

        var outcome = await RunAsync(harness, CancelScope.Flatten);

        var error = outcome.Targets[0].Error!;
        Assert.Equal(OutcomeStatus.Failed, outcome.Status);
        Assert.Equal(OutcomeErrorKind.AccountModeMismatch, error.Kind);
        Assert.Equal("40085", error.Code);
        Assert.Contains("CancelAll:Exchange:AccountModes", error.Message, StringComparison.Ordinal);
        // The first stage's cancels go at once (cancel-all and both entry types), each answered 40085 once: nothing more.
        Assert.Equal(
            [BitgetClient.CancelAllOrdersPath, BitgetClient.CancelPlanOrderPath, BitgetClient.CancelPlanOrderPath],
            harness.SignedRequests.Select(r => r.Path).Order(StringComparer.Ordinal));
        Assert.All(harness.SignedRequests, r => Assert.Equal("40085", r.Code));
    }

    [Fact]
    public async Task Detection_reads_account_settings_for_a_unified_account_and_takes_40084_as_classic()
    {
        await using var unified = await StartAsync();
        var apis = unified.Get<AccountApis>();
        Assert.Equal(AccountMode.Unified, await apis.DetectAsync(ExchangeHarness.Account, unified.Credentials, default));
        Assert.Equal(AccountMode.Unified, await apis.DetectAsync(ExchangeHarness.Account, unified.Credentials, default));
        Assert.Equal([BitgetEndpoints.V3AccountSettings], unified.SignedPaths);

        await using var classic = await StartAsync(AccountModeSettings.Auto, mode: ExchangeMode.Classic);
        Assert.Equal(AccountMode.Classic, await classic.Get<AccountApis>().DetectAsync(ExchangeHarness.Account, classic.Credentials, default));
        Assert.Equal(["40084"], classic.SignedRequests.Select(r => r.Code));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(200)]
    public async Task Both_wrong_mode_signals_work_whatever_http_status_they_come_with(int status)
    {
        await using var harness = await StartAsync();
        harness.Exchange.Quirks.WrongModeHttpStatus = status;
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, Usdt, "USDT", 1);
        Assert.Equal(1, (await RunAsync(harness, CancelScope.Orders)).CancelledCount);

        // The account switches back to classic while cached as unified: 40084 on V3, re-detected once, same step on V2.
        harness.Exchange.SwitchMode(harness.Credentials.ApiKey, ExchangeMode.Classic);
        harness.Exchange.ClearReceived();
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, Usdt, "USDT", 1);
        var outcome = await RunAsync(harness, CancelScope.Orders);

        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.Equal(AccountMode.Classic, outcome.Targets[0].AccountMode);
        Assert.Equal([BitgetEndpoints.V3CancelSymbolOrder, BitgetEndpoints.V2CancelAllOrders], harness.SignedPaths);
    }

    [Fact]
    public async Task An_account_that_switches_mode_during_a_flatten_is_re_detected_once_and_ends_flat()
    {
        await using var harness = await StartAsync();
        Seed(harness);
        Assert.Equal(AccountMode.Unified, await harness.Get<AccountApis>().DetectAsync(ExchangeHarness.Account, harness.Credentials, default));
        harness.Exchange.ClearReceived();

        // The account is unified when the kill starts and classic (V2) once its orders are cancelled: the exchange
        // switches it after the first answered request (cancel-symbol-order), whatever the machine's load.
        harness.Exchange.Book(harness.Credentials.ApiKey).SwitchModeAfter(1, ExchangeMode.Classic);
        var outcome = await RunAsync(harness, CancelScope.Orders, verify: true);

        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.Equal(AccountMode.Classic, outcome.Targets[0].AccountMode);
        Assert.Single(outcome.Targets[0].Steps!, s => s.Name == StepNames.AccountModeSwitched);
        Assert.Equal(1, harness.SignedRequests.Count(r => r.Code == "40084"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Entries_cancel_the_trigger_orders_one_by_one_and_leave_tp_sl_and_positions(bool hedge)
    {
        await using var harness = await StartAsync(modeSetting: "uta");
        Seed(harness, hedge);

        var outcome = await RunAsync(harness, CancelScope.Entries);

        var book = harness.Exchange.Book(harness.Credentials.ApiKey);
        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.Empty(book.OpenOrders);
        Assert.Equal(["tpsl", "tpsl", "trailing"], book.OpenStrategyOrders.Select(s => s.Type).Order());
        Assert.Equal(2, book.OpenPositions.Count);
        // cancel-symbol-order and the trigger read go at once (answered in any order); the trigger's cancel follows its read.
        Assert.Equal([BitgetEndpoints.V3CancelStrategyOrder, BitgetEndpoints.V3CancelSymbolOrder, BitgetEndpoints.V3UnfilledStrategyOrders], harness.SignedPaths.Order(StringComparer.Ordinal));
        var read = harness.SignedRequests.Single(r => r.Path == BitgetEndpoints.V3UnfilledStrategyOrders);
        Assert.True(harness.SignedRequests.Single(r => r.Path == BitgetEndpoints.V3CancelStrategyOrder).Arrived > read.Answered, "the trigger is cancelled after it was listed");
        Assert.Equal("category=USDT-FUTURES&type=trigger", read.Query);
        Assert.Contains(outcome.Targets[0].Steps!, s => s.Name == StepNames.CancelEntryPlans && s.PlanType == "trigger" && s.Done == 1);
    }

    [Fact]
    public async Task Entries_with_verify_report_a_strategy_order_of_an_unknown_type_instead_of_missing_it()
    {
        await using var harness = await StartAsync(modeSetting: "uta", deadlineSeconds: 0.3);
        Seed(harness);

        var outcome = await RunAsync(harness, CancelScope.Entries, verify: true);

        var left = Assert.Single(outcome.Targets[0].Remaining!);
        Assert.Equal(OutcomeStatus.Failed, outcome.Status);
        Assert.Equal(ItemKinds.UnknownPlan, left.Kind);
        Assert.Contains("does not know", left.Reason, StringComparison.Ordinal);
        Assert.Contains(harness.SignedRequests, r => r.Path == BitgetEndpoints.V3UnfilledStrategyOrders && r.Query == "category=USDT-FUTURES");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Flatten_runs_the_v3_steps_in_the_safe_order_and_verifies_flat(bool hedge)
    {
        await using var harness = await StartAsync(modeSetting: "uta");
        Seed(harness, hedge);

        var outcome = await RunAsync(harness, CancelScope.Flatten);

        var book = harness.Exchange.Book(harness.Credentials.ApiKey);
        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.Equal(AccountMode.Unified, outcome.Targets[0].AccountMode);
        Assert.Empty(book.OpenOrders);
        Assert.Empty(book.OpenStrategyOrders);
        Assert.Empty(book.OpenPositions);
        Assert.Empty(outcome.Targets[0].Remaining!);

        var log = harness.SignedRequests.ToList();
        var strategyCancels = log.Select((r, i) => (r, i)).Where(x => x.r.Path == BitgetEndpoints.V3CancelStrategyOrder).Select(x => x.i).ToList();
        var closes = log.Where(r => r.Path == BitgetEndpoints.V3ClosePositions).ToList();
        var firstClose = log.FindIndex(r => r.Path == BitgetEndpoints.V3ClosePositions);
        var lastClose = log.FindLastIndex(r => r.Path == BitgetEndpoints.V3ClosePositions);
        Assert.InRange(log.FindIndex(r => r.Path == BitgetEndpoints.V3CancelSymbolOrder), 0, firstClose);
        Assert.Equal(4, strategyCancels.Count);
        Assert.True(strategyCancels[0] < firstClose, "the trigger entry is cancelled before any position is closed");
        Assert.All(strategyCancels.Skip(1), i => Assert.True(i > lastClose, "TP/SL are cancelled only after the positions are closed"));
        if (hedge)
        {
            Assert.Equal(["long", "short"], closes.Select(c => Body(c)["posSide"]!.GetValue<string>()).Order());
            Assert.All(closes, c => Assert.Equal("BTCUSDT", Body(c)["symbol"]!.GetValue<string>()));
        }
        else
        {
            Assert.Equal(["BTCUSDT", "ETHUSDT"], closes.Select(c => Body(c)["symbol"]!.GetValue<string>()).Order());
            Assert.All(closes, c => Assert.Null(Body(c)["posSide"]));
        }

        // Verify: unfilled orders, every strategy order with no type filter, and the positions (at once: in any order).
        var lastPost = log.FindLastIndex(r => r.Method == "POST");
        Assert.Equal(
            [BitgetEndpoints.V3CurrentPosition, BitgetEndpoints.V3UnfilledOrders, BitgetEndpoints.V3UnfilledStrategyOrders],
            log.Skip(lastPost + 1).Select(r => r.Path).Order(StringComparer.Ordinal));
        Assert.Equal("category=USDT-FUTURES", log.Skip(lastPost + 1).Single(r => r.Path == BitgetEndpoints.V3UnfilledStrategyOrders).Query);
        Assert.DoesNotContain(log, r => r.Status == 429);
    }

    [Fact]
    public async Task Tp_sl_of_a_position_that_stays_open_are_kept_and_reported()
    {
        await using var harness = await StartAsync(modeSetting: "uta", deadlineSeconds: 0.5);
        Seed(harness);
        harness.Exchange.Faults.FailingPositions["BTCUSDT:long"] = int.MaxValue;

        var outcome = await RunAsync(harness, CancelScope.Flatten);

        var remaining = outcome.Targets[0].Remaining!;
        Assert.Equal(OutcomeStatus.Failed, outcome.Status);
        Assert.Contains(remaining, r => r.Kind == ItemKinds.Position && r.Symbol == "BTCUSDT");
        Assert.Contains(remaining, r => r.Kind == ItemKinds.ProtectivePlan && r.Symbol == "BTCUSDT" && r.Reason.StartsWith("kept on purpose", StringComparison.Ordinal));
        Assert.Single(harness.Exchange.Book(harness.Credentials.ApiKey).OpenStrategyOrders);
    }

    [Fact]
    public async Task The_preview_changes_nothing_and_lists_every_strategy_order()
    {
        await using var harness = await StartAsync();
        Seed(harness);

        var outcome = await RunAsync(harness, CancelScope.Flatten, dryRun: true);

        var book = harness.Exchange.Book(harness.Credentials.ApiKey);
        Assert.All(harness.SignedRequests, r => Assert.Equal("GET", r.Method));
        Assert.Equal((3, 4, 2), (book.OpenOrders.Count, book.OpenStrategyOrders.Count, book.OpenPositions.Count));
        var target = outcome.Targets[0];
        Assert.Equal(AccountMode.Unified, target.AccountMode);
        Assert.Contains("POST /api/v3/trade/cancel-symbol-order", target.Preview, StringComparison.Ordinal);
        Assert.Equal(3, target.WouldCancel!.Count(i => i.Kind == ItemKinds.Order));
        Assert.Equal(1, target.WouldCancel!.Count(i => i.Kind == ItemKinds.EntryPlan));
        Assert.Equal(2, target.WouldCancel!.Count(i => i.Kind == ItemKinds.ProtectivePlan));
        Assert.Equal(1, target.WouldCancel!.Count(i => i.Kind == ItemKinds.UnknownPlan));
        Assert.Equal(2, target.WouldCancel!.Count(i => i.Kind == ItemKinds.Position));
    }

    [Fact]
    public async Task Coin_futures_with_a_margin_coin_cancels_only_that_coins_symbols()
    {
        await using var harness = await StartAsync(modeSetting: "uta");
        var key = harness.Credentials.ApiKey;
        harness.Exchange.AddOrders(key, "COIN-FUTURES", "BTC", 2, "BTCUSD");
        var eth = harness.Exchange.AddOrders(key, "COIN-FUTURES", "ETH", 1, "ETHUSD");

        var outcome = await RunAsync(harness, CancelScope.Orders, target: CancelTarget.Create(ProductType.CoinFutures, "BTC", TradingEnvironment.Live));

        Assert.Equal(2, outcome.CancelledCount);
        Assert.Equal(eth.Select(o => o.OrderId), harness.Exchange.Book(key).OpenOrders.Select(o => o.OrderId));
        var cancel = Assert.Single(harness.SignedRequests, r => r.Path == BitgetEndpoints.V3CancelSymbolOrder);
        Assert.Equal("BTCUSD", Body(cancel)["symbol"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_margin_coin_a_unified_category_does_not_settle_in_is_rejected_clearly()
    {
        await using var harness = await StartAsync(modeSetting: "uta");
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, Usdt, "USDT", 1);

        var outcome = await RunAsync(harness, CancelScope.Orders, target: CancelTarget.Create(ProductType.UsdtFutures, "BTC", TradingEnvironment.Live));

        var error = outcome.Targets[0].Error!;
        Assert.Equal(OutcomeStatus.Failed, outcome.Status);
        Assert.Equal(OutcomeErrorKind.BadInput, error.Kind);
        Assert.Contains("settles in USDT only", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.SignedRequests);
        Assert.Single(harness.Exchange.Book(harness.Credentials.ApiKey).OpenOrders);
    }

    [Fact]
    public async Task Demo_on_a_unified_account_is_the_paptrading_header_on_the_normal_category()
    {
        await using var harness = await StartAsync(modeSetting: "uta", demo: true);
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, Usdt, "USDT", 1);

        var outcome = await RunAsync(harness, CancelScope.Orders);

        Assert.Equal(1, outcome.CancelledCount);
        var request = Assert.Single(harness.SignedRequests);
        Assert.Equal("1", request.Header("paptrading"));
        Assert.Equal(Usdt, Body(request)["category"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_key_that_may_not_detect_gets_an_error_naming_the_permission()
    {
        await using var harness = await StartAsync();
        harness.Exchange.Faults.FailNext(1, HttpStatusCode.BadRequest, "40014", "Incorrect permissions");

        var e = await Assert.ThrowsAsync<ExchangeException>(() => harness.Get<AccountApis>().DetectAsync(ExchangeHarness.Account, harness.Credentials, default));

        Assert.Equal(ExchangeErrorKind.Permission, e.Kind);
        Assert.Contains("\"UTA mgt\" read", e.Message, StringComparison.Ordinal);
        Assert.Contains("CancelAll:Exchange:AccountModes:main", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Warm_up_detects_the_mode_so_the_first_kill_goes_straight_to_v3()
    {
        await using var harness = await StartAsync();
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, Usdt, "USDT", 1);
        var warmUp = ActivatorUtilities.CreateInstance<WarmUp>(harness.Services);
        await warmUp.StartAsync(default);
        await warmUp.Warmed;
        harness.Exchange.ClearReceived();

        var outcome = await RunAsync(harness, CancelScope.Orders);

        Assert.Equal(1, outcome.CancelledCount);
        Assert.Equal([BitgetEndpoints.V3CancelSymbolOrder], harness.SignedPaths);
    }

    [Fact]
    public async Task Strategy_cancels_stay_within_the_endpoint_limit()
    {
        await using var harness = await StartAsync(modeSetting: "uta");
        var key = harness.Credentials.ApiKey;
        for (var i = 0; i < 15; i++)
        {
            harness.Exchange.AddStrategyOrder(key, Usdt, "BTCUSDT", V3StrategyTypes.Trigger);
        }

        var outcome = await RunAsync(harness, CancelScope.Entries);

        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.Empty(harness.Exchange.Book(key).OpenStrategyOrders);
        Assert.DoesNotContain(harness.SignedRequests, r => r.Status == 429);
        Assert.Equal(0, outcome.Targets[0].Retries);
    }
}
