using CancelAll.Core.Commands;
using CancelAll.Core.Exchange;
using CancelAll.Core.Kill;
using CancelAll.Core.Kill.Steps;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CancelAll.Core.Tests.Kill;

/// <summary>Each step on its own, over the in-memory fake API family.</summary>
public class StepTests
{
    private static async Task<(ExchangeHarness Harness, TargetRun Run)> RunOverAsync(FakeAccountApi fake, CancelScope scope = CancelScope.Flatten)
    {
        var harness = await ExchangeHarness.StartAsync(configure: s => s.AddSingleton<IAccountApi>(fake));
        var command = new CancelCommand(ExchangeHarness.Account, [CancelTarget.Create(ProductType.UsdtFutures, null, TradingEnvironment.Live)], CommandSource.Cli, "step", Scope: scope);
        return (harness, new TargetRun(command, command.Targets[0], harness.Credentials, fake, harness.Get<AccountApis>()));
    }

    [Fact]
    public async Task Cancel_orders_records_what_was_cancelled_and_the_calls()
    {
        var fake = new FakeAccountApi().Seed(hedge: false);
        var (harness, run) = await RunOverAsync(fake);
        await using var _ = harness;

        await harness.Get<CancelOrdersStep>().RunAsync(run, default);

        var step = Assert.Single(run.Steps);
        Assert.Equal((StepNames.CancelOrders, 2, 0), (step.Name, step.Done, step.Failed));
        Assert.Equal(2, run.Cancelled.Count);
        Assert.Equal(1, run.Stats.Attempts);
    }

    [Fact]
    public async Task A_rejected_entry_type_is_a_step_error_that_names_it_and_is_remembered_for_verify()
    {
        var fake = new FakeAccountApi().Seed(hedge: false);
        fake.RejectedTypes.Add("fake_trigger");
        var (harness, run) = await RunOverAsync(fake);
        await using var _ = harness;

        await harness.Get<CancelEntryOrdersStep>().RunAsync(run, default);

        var step = Assert.Single(run.Steps);
        Assert.Equal(OutcomeErrorKind.PlanTypeRejected, step.Error!.Kind);
        Assert.Equal("fake_trigger", step.PlanType);
        Assert.Contains("'fake_trigger'", run.TypeErrors["fake_trigger"], StringComparison.Ordinal);
        Assert.Null(run.Fatal);
    }

    [Fact]
    public void Closes_are_per_symbol_in_one_way_mode_and_per_side_in_hedge_mode()
    {
        PositionInfo[] oneWay = [new("BTCUSDT", "USDT", "long", "1", false), new("ETHUSDT", "USDT", "short", "1", false)];
        PositionInfo[] hedge = [new("BTCUSDT", "USDT", "long", "1", true), new("BTCUSDT", "USDT", "short", "1", true)];

        Assert.Equal([("BTCUSDT", (string?)null), ("ETHUSDT", null)], ClosePositionsStep.Closes(oneWay).Select(c => (c.Symbol, c.HoldSide)));
        Assert.Equal([("BTCUSDT", (string?)"long"), ("BTCUSDT", "short")], ClosePositionsStep.Closes(hedge).Select(c => (c.Symbol, c.HoldSide)));
    }

    [Fact]
    public async Task Leftovers_of_a_position_still_open_are_kept_on_purpose()
    {
        var fake = new FakeAccountApi().Seed(hedge: false);
        var (harness, run) = await RunOverAsync(fake);
        await using var _ = harness;

        // BTCUSDT is still open (no close ran): its TP/SL stays; ETHUSDT's goes.
        await harness.Get<CancelLeftoverOrdersStep>().RunAsync(run, default);

        Assert.Contains("cancel-leftovers 1", fake.Calls);
        var kept = Assert.Single(fake.Conditional, o => o.Kind == ItemKinds.ProtectivePlan);
        Assert.Equal("BTCUSDT", kept.Symbol);
        Assert.StartsWith("kept on purpose", run.Reasons[TargetRun.ItemKey(ItemKinds.ProtectivePlan, kept.OrderId)], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_re_runs_only_the_missing_steps_until_flat()
    {
        var fake = new FakeAccountApi();
        fake.Orders.Add(fake.Order(ItemKinds.Order, null, "BTCUSDT"));
        var (harness, run) = await RunOverAsync(fake);
        await using var _ = harness;

        await harness.Get<VerifyStep>().RunAsync(run, default);

        Assert.Equal(["list-orders", "list-conditional", "list-positions", "cancel-orders", "list-orders", "list-conditional", "list-positions"], fake.Calls);
        Assert.Empty(run.Remaining!);
        Assert.Equal(2, run.Round);
    }

    [Fact]
    public async Task A_step_is_skipped_once_the_run_has_a_fatal_error()
    {
        var fake = new FakeAccountApi().Seed(hedge: false);
        var (harness, run) = await RunOverAsync(fake);
        await using var _ = harness;
        run.RecordError(StepNames.CancelOrders, null, new OutcomeError(OutcomeErrorKind.Permission, "40014", "no"), new ExchangeException(ExchangeErrorKind.Permission, "40014", "no"));

        await harness.Get<ClosePositionsStep>().RunAsync(run, default);

        Assert.Empty(fake.Calls);
        Assert.NotNull(run.Fatal);
    }
}
