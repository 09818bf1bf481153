using System.Net;
using System.Text.Json.Nodes;
using CancelAll.Core.Commands;
using CancelAll.Core.Exchange;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Tests.Kill;
using CancelAll.Core.Tests.Support;
using CancelAll.TestExchange;
using AccountMode = CancelAll.Core.Exchange.AccountMode;

namespace CancelAll.Core.Tests.Flatten;

/// <summary>
/// A flatten sends at once what does not depend on each other, and keeps the safe order between what does. No timing:
/// the exchange holds its answers (<see cref="ExchangeFaults.HoldAnswers"/>) until the test has seen the calls in flight
/// together, and <see cref="ReceivedRequest.Arrived"/> / <see cref="ReceivedRequest.Answered"/> give the order of
/// arrivals and answers whatever the machine's speed.
/// </summary>
public class ConcurrentFlattenTests
{
    private const string Usdt = "USDT-FUTURES";
    private const TestExchange.AccountMode ExchangeModeClassic = TestExchange.AccountMode.Classic;

    private static readonly string[] FirstStageV3 = [BitgetEndpoints.V3CancelSymbolOrder, BitgetEndpoints.V3UnfilledStrategyOrders];

    private static string Symbol(ReceivedRequest request) => JsonNode.Parse(request.Body)?["symbol"]?.GetValue<string>() ?? string.Empty;

    /// <summary>Every request in <paramref name="later"/> arrived after every request in <paramref name="earlier"/> was answered.</summary>
    private static void AllAfter(IReadOnlyCollection<ReceivedRequest> earlier, IReadOnlyCollection<ReceivedRequest> later, string what)
    {
        Assert.NotEmpty(earlier);
        Assert.NotEmpty(later);
        var lastAnswer = earlier.Max(r => r.Answered);
        Assert.All(later, r => Assert.True(r.Arrived > lastAnswer, $"{what}: {r.Method} {r.Path} {r.Body} arrived at {r.Arrived}, before the answer at {lastAnswer}"));
    }

    /// <summary>Each request arrived before any other of them was answered: all were in flight together.</summary>
    private static void InFlightTogether(IReadOnlyCollection<ReceivedRequest> requests)
    {
        Assert.True(requests.Count >= 2);
        Assert.True(requests.Max(r => r.Arrived) < requests.Min(r => r.Answered), "every call arrived before the first answer");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task V3_closes_of_one_flatten_are_in_flight_together(bool hedge)
    {
        await using var harness = await UnifiedKillTests.StartAsync(modeSetting: "uta");
        var key = harness.Credentials.ApiKey;
        harness.Exchange.Book(key).HedgeMode = hedge;
        harness.Exchange.AddUtaPosition(key, Usdt, "BTCUSDT", "long");
        harness.Exchange.AddUtaPosition(key, Usdt, hedge ? "BTCUSDT" : "ETHUSDT", "short");
        harness.Exchange.Faults.HoldAnswers(new FaultTarget(BitgetEndpoints.V3ClosePositions));

        var running = UnifiedKillTests.RunAsync(harness, CancelScope.Flatten);
        await Eventually.TrueAsync(() => harness.Exchange.Faults.HeldAnswers == 2, "both closes are held at once");
        harness.Exchange.Faults.ReleaseAnswers();
        var outcome = await running;

        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.Empty(harness.Exchange.Book(key).OpenPositions);
        var closes = harness.SignedRequests.Where(r => r.Path == BitgetEndpoints.V3ClosePositions).ToList();
        Assert.Equal(2, closes.Count);
        InFlightTogether(closes);
        var step = Assert.Single(outcome.Targets[0].Steps!, s => s.Name == StepNames.ClosePositions);
        Assert.Equal((2, 0), (step.Done, step.Failed));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task V2_tp_sl_cancels_after_the_close_are_in_flight_together(bool hedge)
    {
        // (V2's closes are not: close-positions allows 1/s, and the limiter sends the next only after the answer.)
        await using var harness = await FlattenTests.StartAsync();
        FlattenTests.Seed(harness, hedge);

        // The first stage's two entry cancels pass; the TP/SL cancels after the closes (no position left: one call per
        // type, five types) are held, and must all arrive before any is answered.
        harness.Exchange.Faults.HoldAnswers(new FaultTarget(FlattenTests.CancelPlanPath), passFirst: 2);
        var running = FlattenTests.RunAsync(harness, CancelScope.Flatten);
        await Eventually.TrueAsync(() => harness.Exchange.Faults.HeldAnswers == 5, "the five TP/SL types' cancels are held at once");
        harness.Exchange.Faults.ReleaseAnswers();
        var outcome = await running;

        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        var book = harness.Exchange.Book(harness.Credentials.ApiKey);
        Assert.Empty(book.OpenPlans);
        Assert.Empty(book.OpenPositions);
        var log = harness.SignedRequests;
        var tpsl = log.Where(r => r.Path == FlattenTests.CancelPlanPath).OrderBy(r => r.Arrived).Skip(2).ToList();
        Assert.Equal(BitgetPlanTypes.Protective.Order(StringComparer.Ordinal), tpsl.Select(FlattenTests.PlanTypeOf).Order(StringComparer.Ordinal));
        InFlightTogether(tpsl);
        AllAfter([.. log.Where(r => r.Path == FlattenTests.ClosePath)], tpsl, "TP/SL are cancelled only after the closes are answered");
        Assert.DoesNotContain(log, r => r.Status == 429);
    }

    [Fact]
    public async Task V3_tp_sl_cancels_after_the_close_are_in_flight_together()
    {
        await using var harness = await UnifiedKillTests.StartAsync(modeSetting: "uta");
        var key = harness.Credentials.ApiKey;
        harness.Exchange.AddStrategyOrder(key, Usdt, "BTCUSDT", V3StrategyTypes.TpSl);
        harness.Exchange.AddStrategyOrder(key, Usdt, "ETHUSDT", V3StrategyTypes.TpSl, "short");
        harness.Exchange.AddStrategyOrder(key, Usdt, "ETHUSDT", "trailing");
        harness.Exchange.AddUtaPosition(key, Usdt, "BTCUSDT", "long");
        harness.Exchange.AddUtaPosition(key, Usdt, "ETHUSDT", "short");
        harness.Exchange.Faults.HoldAnswers(new FaultTarget(BitgetEndpoints.V3CancelStrategyOrder));

        // Two TP/SL and one of an unknown type: three one-order cancels, in two batches, all at once.
        var running = UnifiedKillTests.RunAsync(harness, CancelScope.Flatten);
        await Eventually.TrueAsync(() => harness.Exchange.Faults.HeldAnswers == 3, "the three strategy cancels are held at once");
        harness.Exchange.Faults.ReleaseAnswers();
        var outcome = await running;

        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.Empty(harness.Exchange.Book(key).OpenStrategyOrders);
        var log = harness.SignedRequests;
        var cancels = log.Where(r => r.Path == BitgetEndpoints.V3CancelStrategyOrder).ToList();
        InFlightTogether(cancels);
        AllAfter([.. log.Where(r => r.Path == BitgetEndpoints.V3ClosePositions)], cancels, "TP/SL are cancelled only after the closes are answered");
        Assert.Equal(3, Assert.Single(outcome.Targets[0].Steps!, s => s.Name == StepNames.CancelProtectivePlans).Done);
    }

    [Fact]
    public async Task V3_leftovers_read_positions_and_strategy_orders_at_once()
    {
        await using var harness = await UnifiedKillTests.StartAsync(modeSetting: "uta");
        var key = harness.Credentials.ApiKey;
        harness.Exchange.AddStrategyOrder(key, Usdt, "BTCUSDT", V3StrategyTypes.TpSl);
        harness.Exchange.AddUtaPosition(key, Usdt, "BTCUSDT", "long");

        // The close step reads the positions first (passed); the leftovers step's read of them is held. Its other read,
        // the strategy orders, must then still come and be answered: sent beside it, not after it.
        harness.Exchange.Faults.HoldAnswers(new FaultTarget(BitgetEndpoints.V3CurrentPosition), passFirst: 1);
        var running = UnifiedKillTests.RunAsync(harness, CancelScope.Flatten, verify: false);
        await Eventually.TrueAsync(() => harness.Exchange.Faults.HeldAnswers == 1, "the leftovers' position read is held");
        await Eventually.TrueAsync(
            () => harness.SignedRequests.Count(r => r.Path == BitgetEndpoints.V3UnfilledStrategyOrders) == 2,
            "the leftovers' strategy read is answered while the position read is held (the first is the entries' read)");
        harness.Exchange.Faults.ReleaseAnswers();
        var outcome = await running;

        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.Empty(harness.Exchange.Book(key).OpenStrategyOrders);
        Assert.Empty(harness.Exchange.Book(key).OpenPositions);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Preview_reads_orders_conditional_orders_and_positions_at_once(bool unified)
    {
        await using var harness = unified ? await UnifiedKillTests.StartAsync(modeSetting: "uta") : await FlattenTests.StartAsync();
        if (unified)
        {
            UnifiedKillTests.Seed(harness);
        }
        else
        {
            FlattenTests.Seed(harness);
        }

        // V3: unfilled orders, strategy orders, positions. V2: pending orders, three plan queries, positions.
        var reads = unified ? 3 : 5;
        harness.Exchange.Faults.HoldAnswers();
        var running = FlattenTests.RunAsync(harness, CancelScope.Flatten, dryRun: true);
        await Eventually.TrueAsync(() => harness.Exchange.Faults.HeldAnswers == reads, $"the preview's {reads} reads are held at once");
        harness.Exchange.Faults.ReleaseAnswers();
        var outcome = await running;

        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.All(harness.SignedRequests, r => Assert.Equal("GET", r.Method));
        InFlightTogether(harness.SignedRequests);

        // Listed in the fixed order (orders, entries, positions, then what is cancelled after them), not the answers'.
        var kinds = outcome.Targets[0].WouldCancel!.Select(i => i.Kind).ToList();
        string[] order = [ItemKinds.Order, ItemKinds.EntryPlan, ItemKinds.Position, ItemKinds.ProtectivePlan, ItemKinds.UnknownPlan];
        Assert.Equal(kinds.OrderBy(k => Array.IndexOf(order, k is ItemKinds.UnknownPlan ? ItemKinds.ProtectivePlan : k)), kinds);
        Assert.Contains(ItemKinds.Position, kinds);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task V3_cancels_go_together_and_every_close_waits_for_their_answers(bool hedge)
    {
        await using var harness = await UnifiedKillTests.StartAsync(modeSetting: "uta");
        UnifiedKillTests.Seed(harness, hedge);
        var book = harness.Exchange.Book(harness.Credentials.ApiKey);
        var trigger = book.OpenStrategyOrders.Single(o => o.Type == V3StrategyTypes.Trigger).OrderId;

        // The normal orders' cancel and the entries' read go at once; while they are held nothing is closed.
        harness.Exchange.Faults.HoldAnswers();
        var running = UnifiedKillTests.RunAsync(harness, CancelScope.Flatten);
        await Eventually.TrueAsync(() => harness.Exchange.Faults.HeldAnswers == 2, "cancel-symbol-order and the entries' read are held at once");
        Assert.Empty(book.OpenOrders);
        Assert.Equal(2, book.OpenPositions.Count);
        harness.Exchange.Faults.ReleaseAnswers();
        var outcome = await running;

        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.Empty(book.OpenPositions);
        Assert.Empty(book.OpenStrategyOrders);
        var log = harness.SignedRequests;
        InFlightTogether([.. log.Where(r => FirstStageV3.Contains(r.Path)).OrderBy(r => r.Arrived).Take(2)]);
        var strategyCancels = log.Where(r => r.Path == BitgetEndpoints.V3CancelStrategyOrder).ToLookup(r => r.Body.Contains(trigger, StringComparison.Ordinal));
        var closes = log.Where(r => r.Path == BitgetEndpoints.V3ClosePositions).ToList();
        AllAfter([.. log.Where(r => r.Path == BitgetEndpoints.V3CancelSymbolOrder), .. strategyCancels[true]], closes, "a position is closed only after the orders and the entry are cancelled");
        AllAfter(closes, [.. strategyCancels[false]], "TP/SL are cancelled only after the closes");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task V2_cancels_go_together_and_every_close_waits_for_their_answers(bool hedge)
    {
        await using var harness = await FlattenTests.StartAsync();
        FlattenTests.Seed(harness, hedge);
        var book = harness.Exchange.Book(harness.Credentials.ApiKey);

        // cancel-all-orders and both entry types' cancel-plan-order go at once; while they are held nothing is closed.
        harness.Exchange.Faults.HoldAnswers();
        var running = FlattenTests.RunAsync(harness, CancelScope.Flatten);
        await Eventually.TrueAsync(() => harness.Exchange.Faults.HeldAnswers == 3, "the three cancels are held at once");
        Assert.Empty(book.OpenOrders);
        Assert.Equal(2, book.OpenPositions.Count);
        harness.Exchange.Faults.ReleaseAnswers();
        var outcome = await running;

        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.Empty(book.OpenPositions);
        Assert.Empty(book.OpenPlans);
        var log = harness.SignedRequests;
        var firstStage = log.Where(r => r.Method == "POST").OrderBy(r => r.Arrived).Take(3).ToList();
        Assert.Equal([FlattenTests.CancelAllPath, FlattenTests.CancelPlanPath, FlattenTests.CancelPlanPath], firstStage.Select(r => r.Path).Order(StringComparer.Ordinal));
        InFlightTogether(firstStage);
        var closes = log.Where(r => r.Path == FlattenTests.ClosePath).ToList();
        AllAfter(firstStage, closes, "a position is closed only after the orders and entries are cancelled");
        var tpsl = log.Where(r => r.Path == FlattenTests.CancelPlanPath).Except(firstStage).ToList();
        AllAfter(closes, tpsl, "TP/SL are cancelled only after the closes");

        // The outcome records the steps in the fixed order, whatever order the answers came in.
        Assert.Equal(
            [StepNames.CancelOrders, StepNames.CancelEntryPlans, StepNames.CancelEntryPlans, StepNames.ClosePositions, StepNames.CancelProtectivePlans, StepNames.Verify],
            outcome.Targets[0].Steps!.Select(s => s.Name));
        Assert.Equal([BitgetPlanTypes.Trigger, BitgetPlanTypes.TrailingEntry], outcome.Targets[0].Steps!.Where(s => s.Name == StepNames.CancelEntryPlans).Select(s => s.PlanType));
    }

    [Fact]
    public async Task V3_one_close_failing_among_several_fails_alone_and_the_outcome_keeps_the_listing_order()
    {
        await using var harness = await UnifiedKillTests.StartAsync(modeSetting: "uta", deadlineSeconds: 0.3);
        var key = harness.Credentials.ApiKey;
        string[] symbols = ["BTCUSDT", "ETHUSDT", "SOLUSDT", "XRPUSDT"];
        foreach (var symbol in symbols)
        {
            harness.Exchange.AddUtaPosition(key, Usdt, symbol, "long");
            harness.Exchange.AddStrategyOrder(key, Usdt, symbol, V3StrategyTypes.TpSl);
        }

        harness.Exchange.Faults.FailingPositions["ETHUSDT:long"] = int.MaxValue;
        harness.Exchange.Faults.FailingPositions["XRPUSDT:long"] = int.MaxValue;

        var outcome = await UnifiedKillTests.RunAsync(harness, CancelScope.Flatten);

        // The other two closed; the two failures are named in the listing's order, not the answers'.
        var target = outcome.Targets[0];
        Assert.Equal(OutcomeStatus.Failed, outcome.Status);
        Assert.Equal(OutcomeErrorKind.NotFlat, target.Error?.Kind);
        Assert.Equal(["ETHUSDT", "XRPUSDT"], harness.Exchange.Book(key).OpenPositions.Select(p => p.Symbol).Order(StringComparer.Ordinal));
        var close = target.Steps!.First(s => s.Name == StepNames.ClosePositions);
        Assert.Equal((2, 2), (close.Done, close.Failed));
        Assert.Equal(["ETHUSDT one-way", "XRPUSDT one-way"], close.FailedItems.Select(f => f[..f.IndexOf(':', StringComparison.Ordinal)]));

        // The TP/SL of the closed symbols were cancelled; those of the two still open are kept, with the reason.
        Assert.Equal(["ETHUSDT", "XRPUSDT"], harness.Exchange.Book(key).OpenStrategyOrders.Select(o => o.Symbol).Order(StringComparer.Ordinal));
        Assert.Equal(2, target.Steps!.First(s => s.Name == StepNames.CancelProtectivePlans).Done);
        var positions = target.Remaining!.Where(i => i.Kind == ItemKinds.Position).ToList();
        Assert.Equal(["ETHUSDT", "XRPUSDT"], positions.Select(p => p.Symbol));
        Assert.All(positions, p => Assert.Contains("close-positions failed", p.Reason, StringComparison.Ordinal));
        Assert.All(target.Remaining!.Where(i => i.Kind == ItemKinds.ProtectivePlan), p => Assert.Contains("kept on purpose", p.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task V3_one_strategy_cancel_failing_among_several_fails_alone_in_the_listing_order()
    {
        await using var harness = await UnifiedKillTests.StartAsync(modeSetting: "uta");
        var key = harness.Credentials.ApiKey;
        var orders = new[] { "BTCUSDT", "ETHUSDT", "SOLUSDT", "XRPUSDT" }.Select(s => harness.Exchange.AddStrategyOrder(key, Usdt, s, V3StrategyTypes.TpSl)).ToList();
        harness.Exchange.Faults.FailingOrders[orders[1].OrderId] = "injected: busy";
        harness.Exchange.Faults.FailingOrders[orders[3].OrderId] = "injected: busy";

        var outcome = await UnifiedKillTests.RunAsync(harness, CancelScope.Flatten, verify: false);

        var step = Assert.Single(outcome.Targets[0].Steps!, s => s.Name == StepNames.CancelProtectivePlans);
        Assert.Equal((2, 2), (step.Done, step.Failed));
        var listed = orders.Select(o => o.OrderId).ToList();
        var failedIds = step.FailedItems.Select(f => f.Split(' ')[1]).ToList();
        Assert.Equal([orders[1].OrderId, orders[3].OrderId], failedIds.OrderBy(listed.IndexOf));
        Assert.Equal(failedIds.OrderBy(listed.IndexOf), failedIds);
        Assert.Equal([orders[1].OrderId, orders[3].OrderId], harness.Exchange.Book(key).OpenStrategyOrders.Select(o => o.OrderId).OrderBy(listed.IndexOf));
        Assert.Equal(OutcomeStatus.PartiallyFailed, outcome.Status);
    }

    [Fact]
    public async Task A_failure_that_stops_the_target_stops_it_after_the_close_beside_it_is_recorded()
    {
        await using var harness = await UnifiedKillTests.StartAsync(modeSetting: "uta");
        var key = harness.Credentials.ApiKey;
        harness.Exchange.AddUtaPosition(key, Usdt, "BTCUSDT", "long");
        harness.Exchange.AddUtaPosition(key, Usdt, "ETHUSDT", "short");
        harness.Exchange.AddStrategyOrder(key, Usdt, "BTCUSDT", V3StrategyTypes.TpSl);
        harness.Exchange.Faults.FailNext(1, System.Net.HttpStatusCode.BadRequest, "40014", "Incorrect permissions", new FaultTarget(BitgetEndpoints.V3ClosePositions));

        var outcome = await UnifiedKillTests.RunAsync(harness, CancelScope.Flatten);

        // One close was refused for want of permission, the other went through: it is counted, then the target stops.
        var target = outcome.Targets[0];
        Assert.Equal(OutcomeStatus.PartiallyFailed, outcome.Status);
        Assert.Equal(OutcomeErrorKind.Permission, target.Error?.Kind);
        Assert.Single(harness.Exchange.Book(key).OpenPositions);
        var closes = target.Steps!.Where(s => s.Name == StepNames.ClosePositions).ToList();
        Assert.Equal(2, closes.Count);
        Assert.Equal((1, 0, null), (closes[0].Done, closes[0].Failed, closes[0].Error));
        Assert.Equal(OutcomeErrorKind.Permission, closes[1].Error?.Kind);
        Assert.DoesNotContain(harness.SignedRequests, r => r.Path == BitgetEndpoints.V3CancelStrategyOrder);
        Assert.Equal(harness.SignedRequests.Count, target.Attempts);
    }

    [Fact]
    public async Task More_closes_and_strategy_cancels_than_an_endpoint_allows_per_second_go_without_a_429()
    {
        // close-positions allows 5/s and cancel-strategy-order 10/s per key: 7 closes and 12 TP/SL cancels, all at once,
        // are queued by the limiter, and the test exchange, which counts and answers 429 past a limit, sees none.
        await using var harness = await UnifiedKillTests.StartAsync(modeSetting: "uta");
        var key = harness.Credentials.ApiKey;
        string[] symbols = ["BTCUSDT", "ETHUSDT", "SOLUSDT", "XRPUSDT", "ADAUSDT", "DOGEUSDT", "LTCUSDT"];
        foreach (var symbol in symbols)
        {
            harness.Exchange.AddUtaPosition(key, Usdt, symbol, "long");
        }

        for (var i = 0; i < 12; i++)
        {
            harness.Exchange.AddStrategyOrder(key, Usdt, symbols[i % symbols.Length], V3StrategyTypes.TpSl);
        }

        var outcome = await UnifiedKillTests.RunAsync(harness, CancelScope.Flatten);

        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        var book = harness.Exchange.Book(key);
        Assert.Empty(book.OpenPositions);
        Assert.Empty(book.OpenStrategyOrders);
        var log = harness.SignedRequests;
        Assert.DoesNotContain(log, r => r.Status == 429);
        Assert.Equal(symbols.Order(StringComparer.Ordinal), log.Where(r => r.Path == BitgetEndpoints.V3ClosePositions).Select(Symbol).Order(StringComparer.Ordinal));
        Assert.Equal(12, log.Count(r => r.Path == BitgetEndpoints.V3CancelStrategyOrder));
        Assert.Equal(7, outcome.Targets[0].Steps!.Single(s => s.Name == StepNames.ClosePositions).Done);
        Assert.Equal(12, outcome.Targets[0].Steps!.Single(s => s.Name == StepNames.CancelProtectivePlans).Done);
    }

    [Fact]
    public async Task Both_first_stage_calls_meeting_the_other_mode_switch_the_run_once_and_the_flatten_finishes_on_v2()
    {
        await using var harness = await UnifiedKillTests.StartAsync();
        var key = harness.Credentials.ApiKey;
        harness.Exchange.AddOrders(key, Usdt, "USDT", 1);
        Assert.Equal(AccountMode.Unified, (await UnifiedKillTests.RunAsync(harness, CancelScope.Orders)).Targets[0].AccountMode);

        // Cached as unified, the account is now classic: cancel-symbol-order and the trigger read both answer 40084.
        harness.Exchange.SwitchMode(key, ExchangeModeClassic);
        harness.Exchange.ClearReceived();
        harness.Exchange.AddOrders(key, Usdt, "USDT", 2);
        harness.Exchange.AddPlan(key, Usdt, "USDT", BitgetPlanTypes.Trigger, "BTCUSDT");
        harness.Exchange.AddPosition(key, Usdt, "USDT", "BTCUSDT", "long");

        var outcome = await UnifiedKillTests.RunAsync(harness, CancelScope.Flatten);

        var target = outcome.Targets[0];
        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.Equal(AccountMode.Classic, target.AccountMode);
        Assert.Single(target.Steps!, s => s.Name == StepNames.AccountModeSwitched);
        var v3 = harness.SignedRequests.Where(r => r.Path.StartsWith("/api/v3/", StringComparison.Ordinal) && r.Path != BitgetEndpoints.V3AccountSettings).ToList();
        Assert.Equal(FirstStageV3.Order(StringComparer.Ordinal), v3.Select(r => r.Path).Order(StringComparer.Ordinal));
        Assert.All(v3, r => Assert.Equal("40084", r.Code));
        var book = harness.Exchange.Book(key);
        Assert.Empty(book.OpenOrders);
        Assert.Empty(book.OpenPlans);
        Assert.Empty(book.OpenPositions);
        Assert.Equal(2, target.CancelledCount);
        Assert.Contains(target.Steps!, s => s.Name == StepNames.CancelEntryPlans && s.PlanType == BitgetPlanTypes.Trigger && s.Done == 1);
    }

    [Fact]
    public async Task A_step_beside_the_switch_that_failed_otherwise_on_the_wrong_family_runs_again_on_the_right_one()
    {
        await using var harness = await UnifiedKillTests.StartAsync();
        var key = harness.Credentials.ApiKey;
        harness.Exchange.AddOrders(key, Usdt, "USDT", 1);
        Assert.Equal(AccountMode.Unified, (await UnifiedKillTests.RunAsync(harness, CancelScope.Orders)).Targets[0].AccountMode);

        // Cached as unified, the account is now classic: cancel-symbol-order answers 40084, while the trigger read beside
        // it meets an exchange that stays busy (503 through every retry). Its failure says nothing of the account.
        harness.Exchange.SwitchMode(key, ExchangeModeClassic);
        harness.Exchange.ClearReceived();
        harness.Exchange.Faults.FailNext(10, HttpStatusCode.ServiceUnavailable, at: new FaultTarget(BitgetEndpoints.V3UnfilledStrategyOrders));
        harness.Exchange.AddOrders(key, Usdt, "USDT", 2);
        harness.Exchange.AddPlan(key, Usdt, "USDT", BitgetPlanTypes.Trigger, "BTCUSDT");
        harness.Exchange.AddPosition(key, Usdt, "USDT", "BTCUSDT", "long");

        var outcome = await UnifiedKillTests.RunAsync(harness, CancelScope.Flatten, verify: false); // no later check to make up for it

        var target = outcome.Targets[0];
        Assert.Equal(AccountMode.Classic, target.AccountMode);
        Assert.Single(target.Steps!, s => s.Name == StepNames.AccountModeSwitched);
        Assert.Contains(harness.Exchange.Received, r => r.Path == BitgetEndpoints.V3UnfilledStrategyOrders && r.Status == 503);
        var book = harness.Exchange.Book(key);
        Assert.Empty(book.OpenPlans); // the trigger, which could reopen a position, is cancelled on V2
        Assert.Empty(book.OpenOrders);
        Assert.Empty(book.OpenPositions);
        Assert.Contains(target.Steps!, s => s.Name == StepNames.CancelEntryPlans && s.PlanType == BitgetPlanTypes.Trigger && s.Done == 1);
        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status); // the wrong family's 503 is not the account's failure
    }
}
