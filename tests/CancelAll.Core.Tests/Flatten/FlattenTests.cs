using CancelAll.Core.Commands;
using CancelAll.Core.Exchange;
using CancelAll.Core.Kill;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Tests.Support;
using CancelAll.TestExchange;
using Microsoft.Extensions.DependencyInjection;

namespace CancelAll.Core.Tests.Flatten;

public class FlattenTests
{
    internal const string Usdt = "USDT-FUTURES";
    internal const string CancelAllPath = "/api/v2/mix/order/cancel-all-orders";
    internal const string CancelPlanPath = "/api/v2/mix/order/cancel-plan-order";
    internal const string ClosePath = "/api/v2/mix/order/close-positions";

    internal static Task<ExchangeHarness> StartAsync(double deadlineSeconds = 3) =>
        ExchangeHarness.StartAsync(configure: services => services.Configure<FlattenOptions>(o =>
        {
            o.VerifyDeadline = TimeSpan.FromSeconds(deadlineSeconds);
            o.VerifyInterval = TimeSpan.FromMilliseconds(50);
        }));

    internal static Task<CancelOutcome> RunAsync(ExchangeHarness harness, CancelScope scope, bool? verify = null, bool dryRun = false) =>
        harness.Workflow.RunAsync(
            new CancelCommand(ExchangeHarness.Account, [CancelTarget.Create(ProductType.UsdtFutures, null, TradingEnvironment.Live)], CommandSource.Cli, CancelCommand.NewCorrelationId(), DryRun: dryRun, Scope: scope, Verify: verify),
            CancellationToken.None);

    /// <summary>Orders, trigger and trailing entries, TP/SL of the positions, and the positions themselves.</summary>
    internal static void Seed(ExchangeHarness harness, bool hedge = false)
    {
        var key = harness.Credentials.ApiKey;
        var exchange = harness.Exchange;
        exchange.Book(key).HedgeMode = hedge;
        exchange.AddOrders(key, Usdt, "USDT", 3);
        exchange.AddPlan(key, Usdt, "USDT", BitgetPlanTypes.Trigger, "BTCUSDT");
        exchange.AddPlan(key, Usdt, "USDT", BitgetPlanTypes.TrailingEntry, "ETHUSDT");
        exchange.AddPlan(key, Usdt, "USDT", BitgetPlanTypes.PositionTakeProfit, "BTCUSDT");
        exchange.AddPlan(key, Usdt, "USDT", BitgetPlanTypes.PositionStopLoss, "BTCUSDT");
        exchange.AddPlan(key, Usdt, "USDT", BitgetPlanTypes.TakeProfit, "ETHUSDT");
        exchange.AddPlan(key, Usdt, "USDT", BitgetPlanTypes.StopLoss, "ETHUSDT");
        exchange.AddPlan(key, Usdt, "USDT", BitgetPlanTypes.TrailingStop, "ETHUSDT");
        exchange.AddPosition(key, Usdt, "USDT", "BTCUSDT", "long");
        if (hedge)
        {
            exchange.AddPosition(key, Usdt, "USDT", "BTCUSDT", "short");
        }
        else
        {
            exchange.AddPosition(key, Usdt, "USDT", "ETHUSDT", "short");
        }
    }

    internal static string? PlanTypeOf(ReceivedRequest request) =>
        System.Text.Json.Nodes.JsonNode.Parse(request.Body)?["planType"]?.GetValue<string>();

    private static List<ReceivedRequest> Posts(ExchangeHarness harness) => harness.SignedRequests.Where(r => r.Method == "POST").ToList();

    [Fact]
    public async Task Orders_scope_cancels_normal_orders_only()
    {
        await using var harness = await StartAsync();
        Seed(harness);
        var outcome = await RunAsync(harness, CancelScope.Orders);
        var book = harness.Exchange.Book(harness.Credentials.ApiKey);
        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.Empty(book.OpenOrders);
        Assert.Equal(7, book.OpenPlans.Count);
        Assert.Equal(2, book.OpenPositions.Count);
        Assert.Equal([CancelAllPath], harness.SignedRequests.Select(r => r.Path));
        Assert.Null(outcome.Targets[0].Steps);
    }

    [Fact]
    public async Task Entries_scope_cancels_trigger_and_trailing_entries_and_leaves_tp_sl_and_positions()
    {
        await using var harness = await StartAsync();
        Seed(harness);
        var outcome = await RunAsync(harness, CancelScope.Entries);
        var book = harness.Exchange.Book(harness.Credentials.ApiKey);
        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.Empty(book.OpenOrders);
        Assert.All(book.OpenPlans, p => Assert.Contains(p.PlanType, BitgetPlanTypes.Protective));
        Assert.Equal(5, book.OpenPlans.Count);
        Assert.Equal(2, book.OpenPositions.Count);
        var posts = Posts(harness);
        // The three cancels go at once, so they are answered in any order.
        Assert.Equal([CancelAllPath, CancelPlanPath, CancelPlanPath], posts.Select(r => r.Path).Order(StringComparer.Ordinal));
        Assert.Equal(["normal_plan", "track_plan"], posts.Where(r => r.Path == CancelPlanPath).Select(PlanTypeOf).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(harness.SignedRequests, r => r.Path == ClosePath);
    }

    [Fact]
    public async Task Flatten_in_one_way_mode_runs_the_steps_in_the_safe_order_and_verifies_flat()
    {
        await using var harness = await StartAsync();
        Seed(harness);
        var outcome = await RunAsync(harness, CancelScope.Flatten);
        var book = harness.Exchange.Book(harness.Credentials.ApiKey);
        var target = outcome.Targets[0];
        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.Empty(book.OpenOrders);
        Assert.Empty(book.OpenPlans);
        Assert.Empty(book.OpenPositions);
        Assert.NotNull(target.Remaining);
        Assert.Empty(target.Remaining);
        Assert.Equal("flatten", outcome.Scope);

        // The order of operations, from the exchange's own record.
        var log = harness.SignedRequests.ToList();
        int Index(Func<ReceivedRequest, bool> match) => log.FindIndex(r => match(r));
        int LastIndex(Func<ReceivedRequest, bool> match) => log.FindLastIndex(r => match(r));
        var cancelAll = Index(r => r.Path == CancelAllPath);
        var lastEntry = LastIndex(r => r.Path == CancelPlanPath && BitgetPlanTypes.Entries.Contains(PlanTypeOf(r)));
        var firstClose = Index(r => r.Path == ClosePath);
        var lastClose = LastIndex(r => r.Path == ClosePath);
        var firstProtective = Index(r => r.Path == CancelPlanPath && BitgetPlanTypes.Protective.Contains(PlanTypeOf(r)));
        var lastPost = LastIndex(r => r.Method == "POST");
        // cancel-all and the entry cancels go at once (answered in any order), both before any close.
        Assert.True(cancelAll >= 0 && cancelAll < firstClose, "cancel-all is answered before any position is closed");
        Assert.True(lastEntry < firstClose, "entry plans are cancelled before any position is closed");
        Assert.True(lastClose < firstProtective, "TP/SL are cancelled only after the positions are closed");
        Assert.Contains(log.Skip(lastPost + 1), r => r.Path == BitgetClient.AllPositionsPath);
        Assert.Contains(log.Skip(lastPost + 1), r => r.Path == BitgetClient.PendingOrdersPath);

        // One-way mode: one close per symbol, holdSide left out; every TP/SL type cancelled by type.
        var closes = log.Where(r => r.Path == ClosePath).ToList();
        Assert.Equal(2, closes.Count);
        Assert.All(closes, c => Assert.DoesNotContain("holdSide", c.Body, StringComparison.Ordinal));
        Assert.Equivalent(BitgetPlanTypes.Protective, log.Where(r => r.Path == CancelPlanPath).Select(PlanTypeOf).Where(t => BitgetPlanTypes.Protective.Contains(t)));
        Assert.Contains(target.Steps!, s => s.Name == StepNames.ClosePositions && s.Done == 2);
        Assert.DoesNotContain(log, r => r.Status == 429);
    }

    [Fact]
    public async Task Verify_catches_orders_a_runaway_bot_places_again_and_cancels_until_flat()
    {
        await using var harness = await StartAsync();
        var book = harness.Exchange.Book(harness.Credentials.ApiKey);
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, Usdt, "USDT", 2);
        book.RefillAfterCancel = 2;
        book.RefillRounds = 2;
        var outcome = await RunAsync(harness, CancelScope.Orders, verify: true);
        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.Empty(book.OpenOrders);
        Assert.Equal(3, harness.SignedRequests.Count(r => r.Path == CancelAllPath));
        Assert.Equal(6, outcome.CancelledCount);
    }

    [Fact]
    public async Task Verify_gives_up_at_the_deadline_on_a_bot_that_never_stops()
    {
        await using var harness = await StartAsync(deadlineSeconds: 1.5);
        var book = harness.Exchange.Book(harness.Credentials.ApiKey);
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, Usdt, "USDT", 1);
        book.RefillAfterCancel = 1;
        var outcome = await RunAsync(harness, CancelScope.Orders, verify: true);
        Assert.Equal(OutcomeStatus.Failed, outcome.Status);
        Assert.Equal(OutcomeErrorKind.NotFlat, outcome.Targets[0].Error!.Kind);
        var left = Assert.Single(outcome.Targets[0].Remaining!);
        Assert.Equal(ItemKinds.Order, left.Kind);
        Assert.Contains("placed again", left.Reason, StringComparison.Ordinal);
        Assert.True(harness.SignedRequests.Count(r => r.Path == CancelAllPath) >= 2);
    }

    [Fact]
    public async Task Dry_run_lists_what_flatten_would_do_and_changes_nothing()
    {
        await using var harness = await StartAsync();
        Seed(harness);
        var outcome = await RunAsync(harness, CancelScope.Flatten, dryRun: true);
        var book = harness.Exchange.Book(harness.Credentials.ApiKey);
        var target = outcome.Targets[0];
        Assert.DoesNotContain(harness.SignedRequests, r => r.Method != "GET");
        Assert.All(harness.SignedRequests, r => Assert.Equal(200, r.Status));
        Assert.Equal(3, book.OpenOrders.Count);
        Assert.Equal(7, book.OpenPlans.Count);
        Assert.Equal(2, book.OpenPositions.Count);
        Assert.True(outcome.DryRun);
        Assert.Contains("POST /api/v2/mix/order/cancel-all-orders", target.Preview, StringComparison.Ordinal);
        var would = target.WouldCancel!;
        Assert.Equal(3, would.Count(i => i.Kind == ItemKinds.Order));
        Assert.Equal(2, would.Count(i => i.Kind == ItemKinds.EntryPlan));
        Assert.Equal(5, would.Count(i => i.Kind == ItemKinds.ProtectivePlan));
        Assert.Equal(2, would.Count(i => i.Kind == ItemKinds.Position && i.Reason == "would close at market"));
        Assert.Equal(0, outcome.CancelledCount);
    }

    [Fact]
    public async Task Dry_run_of_the_orders_scope_lists_only_orders()
    {
        await using var harness = await StartAsync();
        Seed(harness);
        var outcome = await RunAsync(harness, CancelScope.Orders, dryRun: true);
        Assert.Equal([BitgetClient.PendingOrdersPath], harness.SignedRequests.Select(r => r.Path));
        Assert.Equal(3, outcome.Targets[0].WouldCancel!.Count);
        Assert.Equal(3, harness.Exchange.Book(harness.Credentials.ApiKey).OpenOrders.Count);
    }

    [Fact]
    public async Task A_plan_type_the_exchange_rejects_is_a_clear_error_not_a_silent_skip()
    {
        await using var harness = await StartAsync();
        Seed(harness);
        harness.Exchange.Faults.RejectedCancelPlanTypes[BitgetPlanTypes.TrailingEntry] = true;
        var outcome = await RunAsync(harness, CancelScope.Entries);
        var target = outcome.Targets[0];
        Assert.Equal(OutcomeStatus.PartiallyFailed, outcome.Status);
        Assert.Equal(OutcomeErrorKind.PlanTypeRejected, target.Error!.Kind);
        Assert.Equal("40808", target.Error.Code);
        Assert.Contains("track_plan", target.Error.Message, StringComparison.Ordinal);
        Assert.Contains("NOT cancelled", target.Error.Message, StringComparison.Ordinal);
        Assert.Contains(harness.Exchange.Book(harness.Credentials.ApiKey).OpenPlans, p => p.PlanType == BitgetPlanTypes.TrailingEntry);
    }

    [Fact]
    public async Task With_verify_a_rejected_plan_type_leaves_the_target_not_flat_and_says_why()
    {
        await using var harness = await StartAsync(deadlineSeconds: 0.5);
        Seed(harness);
        harness.Exchange.Faults.RejectedCancelPlanTypes[BitgetPlanTypes.TrailingEntry] = true;
        var outcome = await RunAsync(harness, CancelScope.Entries, verify: true);
        var left = Assert.Single(outcome.Targets[0].Remaining!);
        Assert.Equal(OutcomeStatus.Failed, outcome.Status);
        Assert.Equal(BitgetPlanTypes.TrailingEntry, left.PlanType);
        Assert.Contains("rejected cancel-plan-order with planType 'track_plan'", left.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listing_an_unknown_plan_type_is_a_bad_request_naming_it()
    {
        await using var harness = await StartAsync();
        var target = CancelTarget.Create(ProductType.UsdtFutures, null, TradingEnvironment.Live);
        var e = await Assert.ThrowsAsync<ExchangeException>(() => harness.Client.ListPlanOrdersAsync(harness.Credentials, target, "stop_plan", CancellationToken.None));
        Assert.Equal(ExchangeErrorKind.BadRequest, e.Kind);
        Assert.Equal("40808", e.Code);
        Assert.Contains("'stop_plan'", e.Message, StringComparison.Ordinal);
        Assert.Single(harness.SignedRequests);
    }

    [Fact]
    public async Task Reads_are_signed_gets_whose_sorted_query_is_the_one_sent()
    {
        await using var harness = await StartAsync();
        var key = harness.Credentials.ApiKey;
        harness.Exchange.AddPlan(key, Usdt, "USDT", BitgetPlanTypes.Trigger);
        var target = CancelTarget.Create(ProductType.UsdtFutures, "usdt", TradingEnvironment.Live);
        var plans = await harness.Client.ListPlanOrdersAsync(harness.Credentials, target, BitgetPlanTypes.Trigger, CancellationToken.None);
        Assert.Single(plans.Items);
        var positions = await harness.Client.ListPositionsAsync(harness.Credentials, target, CancellationToken.None);
        Assert.Empty(positions.Items);
        var requests = harness.SignedRequests;
        Assert.Equal("limit=100&planType=normal_plan&productType=USDT-FUTURES", requests[0].Query);
        Assert.Equal("marginCoin=USDT&productType=USDT-FUTURES", requests[1].Query);
        Assert.All(requests, r => Assert.Equal(("GET", 200, string.Empty), (r.Method, r.Status, r.Body)));
    }

    [Fact]
    public async Task Pending_orders_are_read_page_by_page()
    {
        await using var harness = await StartAsync();
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, Usdt, "USDT", 230);
        var target = CancelTarget.Create(ProductType.UsdtFutures, null, TradingEnvironment.Live);
        var orders = await harness.Client.ListPendingOrdersAsync(harness.Credentials, target, CancellationToken.None);
        Assert.Equal(230, orders.Items.Select(o => o.OrderId).Distinct().Count());
        Assert.Equal(3, harness.SignedRequests.Count);
        Assert.Contains("idLessThan=", harness.SignedRequests[1].Query, StringComparison.Ordinal);
    }

    [Fact]
    public void Flatten_verifies_by_default_and_the_other_scopes_do_not()
    {
        var targets = new[] { CancelTarget.Create(ProductType.UsdtFutures, null, TradingEnvironment.Live) };
        Assert.True(new CancelCommand("a", targets, CommandSource.Cli, "c", Scope: CancelScope.Flatten).ShouldVerify);
        Assert.False(new CancelCommand("a", targets, CommandSource.Cli, "c", Scope: CancelScope.Entries).ShouldVerify);
        Assert.False(new CancelCommand("a", targets, CommandSource.Cli, "c", Scope: CancelScope.Flatten, Verify: false).ShouldVerify);
    }
}
