using System.Net;
using CancelAll.Core.Commands;
using CancelAll.Core.Exchange;
using CancelAll.Core.Kill;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Tests.Support;
using FaultTarget = CancelAll.TestExchange.FaultTarget;
using Microsoft.Extensions.DependencyInjection;

namespace CancelAll.Core.Tests.Kill;

public class KillPipelineTests
{
    private static CancelCommand Command(CancelScope scope, bool dryRun = false, bool? verify = null, string correlationId = "kill-1") =>
        new(ExchangeHarness.Account, [CancelTarget.Create(ProductType.UsdtFutures, null, TradingEnvironment.Live)], CommandSource.Cli, correlationId, DryRun: dryRun, Scope: scope, Verify: verify);

    private static Task<ExchangeHarness> StartWithAsync(FakeAccountApi fake) =>
        ExchangeHarness.StartAsync(configure: services => services
            .AddSingleton<IAccountApi>(fake)
            .Configure<FlattenOptions>(o => o.VerifyInterval = TimeSpan.FromMilliseconds(10)));

    [Fact]
    public async Task A_scope_is_a_readable_list_of_steps()
    {
        await using var harness = await ExchangeHarness.StartAsync();
        var scopes = harness.Get<ScopeSteps>();
        string[] Names(CancelScope scope) => scopes.For(scope).Select(s => s.Name).ToArray();

        Assert.Equal([StepNames.CancelOrders], Names(CancelScope.Orders));
        Assert.Equal([StepNames.CancelOrders, StepNames.CancelEntryPlans], Names(CancelScope.Entries));
        Assert.Equal([StepNames.CancelOrders, StepNames.CancelEntryPlans, StepNames.ClosePositions, StepNames.CancelProtectivePlans], Names(CancelScope.Flatten));
    }

    [Fact]
    public async Task A_fake_api_family_takes_one_class_and_one_registration_and_runs_every_step()
    {
        var fake = new FakeAccountApi().Seed(hedge: false);
        await using var harness = await StartWithAsync(fake);

        var outcome = await harness.Workflow.RunAsync(Command(CancelScope.Flatten), default);

        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.Empty(harness.SignedRequests);
        Assert.Empty(fake.Orders);
        Assert.Empty(fake.Conditional);
        Assert.Empty(fake.Positions);
        Assert.Equal(AccountMode.Classic, outcome.Targets[0].AccountMode);
        // Safe order: orders, entries, positions (one-way: one close per symbol), then the TP/SL left behind, then verify.
        Assert.Equal(
            ["cancel-orders", "cancel-entries fake_trigger", "list-positions", "close BTCUSDT one-way", "list-positions", "list-leftovers", "cancel-leftovers 2", "list-orders", "list-conditional", "list-positions"],
            fake.Calls);
    }

    [Fact]
    public async Task In_hedge_mode_both_sides_of_a_symbol_are_closed()
    {
        var fake = new FakeAccountApi().Seed(hedge: true);
        await using var harness = await StartWithAsync(fake);

        var outcome = await harness.Workflow.RunAsync(Command(CancelScope.Flatten), default);

        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.Contains("close BTCUSDT long", fake.Calls);
        Assert.Contains("close BTCUSDT short", fake.Calls);
        Assert.Contains(outcome.Targets[0].Steps!, s => s.Name == StepNames.ClosePositions && s.Done == 2);
    }

    [Fact]
    public async Task The_entries_scope_stops_before_positions_and_names_a_rejected_type()
    {
        var fake = new FakeAccountApi().Seed(hedge: false);
        fake.RejectedTypes.Add("fake_trigger");
        await using var harness = await StartWithAsync(fake);

        var outcome = await harness.Workflow.RunAsync(Command(CancelScope.Entries), default);

        var target = outcome.Targets[0];
        Assert.Equal(OutcomeStatus.PartiallyFailed, target.Status);
        Assert.Equal(OutcomeErrorKind.PlanTypeRejected, target.Error!.Kind);
        Assert.Contains("'fake_trigger'", target.Error.Message, StringComparison.Ordinal);
        Assert.Equal(["cancel-orders", "cancel-entries fake_trigger"], fake.Calls);
        Assert.Equal(2, fake.Positions.Count);
        Assert.Equal(2, target.Attempts);
    }

    [Fact]
    public async Task The_preview_only_reads()
    {
        var fake = new FakeAccountApi().Seed(hedge: false);
        await using var harness = await StartWithAsync(fake);

        var outcome = await harness.Workflow.RunAsync(Command(CancelScope.Flatten, dryRun: true), default);

        Assert.All(fake.Calls, c => Assert.StartsWith("list-", c, StringComparison.Ordinal));
        var would = outcome.Targets[0].WouldCancel!;
        Assert.Equal(2 + 3 + 2, would.Count);
        Assert.Equal("FAKE cancel USDT-FUTURES", outcome.Targets[0].Preview);
    }

    [Fact]
    public async Task A_failed_target_reports_the_http_attempts_it_really_made()
    {
        await using var harness = await ExchangeHarness.StartAsync();
        harness.Exchange.Faults.FailNext(10, HttpStatusCode.ServiceUnavailable);

        var outcome = await harness.Workflow.RunAsync(Command(CancelScope.Orders), default);

        var target = outcome.Targets[0];
        Assert.Equal(OutcomeStatus.Failed, target.Status);
        Assert.Equal(4, harness.SignedRequests.Count);
        Assert.Equal(4, target.Attempts);
        Assert.Equal(3, target.Retries);
    }

    [Fact]
    public async Task Retries_are_real_http_repeats_not_attempts_across_calls()
    {
        await using var harness = await ExchangeHarness.StartAsync(configure: s => s.Configure<FlattenOptions>(o => o.VerifyInterval = TimeSpan.FromMilliseconds(10)));
        Flatten.FlattenTests.Seed(harness);

        var outcome = await harness.Workflow.RunAsync(Command(CancelScope.Flatten), default);

        var target = outcome.Targets[0];
        Assert.Equal(OutcomeStatus.Succeeded, target.Status);
        Assert.Equal(harness.SignedRequests.Count, target.Attempts);
        Assert.True(target.Attempts > 5);
        Assert.Equal(0, target.Retries);
    }

    [Fact]
    public async Task A_request_that_joins_an_identical_run_says_so_and_does_not_count_the_orders_again()
    {
        await using var harness = await ExchangeHarness.StartAsync();
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, "USDT-FUTURES", "USDT", 3);
        harness.Exchange.Faults.HoldAnswers();

        var first = harness.Workflow.RunAsync(Command(CancelScope.Orders, correlationId: "a"), default);
        await Eventually.TrueAsync(() => harness.Exchange.Faults.HeldAnswers == 1, "the first call's answer is held");
        var second = harness.Workflow.RunAsync(Command(CancelScope.Orders, correlationId: "b"), default);
        var third = harness.Workflow.RunAsync(Command(CancelScope.Orders, correlationId: "c"), default);
        harness.Exchange.Faults.ReleaseAnswers();
        var outcomes = await Task.WhenAll(first, second, third);

        Assert.Equal(3, outcomes.Sum(o => o.CancelledCount));
        Assert.False(outcomes[0].Targets[0].Joined);
        var leader = outcomes[1].Targets[0].Joined ? outcomes[2].Targets[0] : outcomes[1].Targets[0];
        var joined = outcomes[1].Targets[0].Joined ? outcomes[1].Targets[0] : outcomes[2].Targets[0];
        Assert.True(joined.Joined);
        Assert.False(leader.Joined);
        Assert.Equal((0, 0, 0), (joined.CancelledCount, joined.Attempts, joined.Retries));
        Assert.Equal(leader.Status, joined.Status);
        Assert.Equal(2, harness.SignedRequests.Count);
        Assert.Contains(harness.Logs.Lines, l => l.Contains("joined an identical request's run", StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_log_line_prints_a_missing_value_as_null()
    {
        var fake = new FakeAccountApi().Seed(hedge: false);
        fake.RejectedTypes.Add("fake_trigger");
        await using var harness = await StartWithAsync(fake);
        await harness.Workflow.RunAsync(Command(CancelScope.Entries, verify: true), default);

        await using var classic = await ExchangeHarness.StartAsync();
        // Aimed at cancel-all: the entry cancels go at the same time and would take some of the faults.
        classic.Exchange.Faults.FailNext(10, HttpStatusCode.ServiceUnavailable, at: new FaultTarget(BitgetClient.CancelAllOrdersPath));
        await classic.Workflow.RunAsync(Command(CancelScope.Flatten), default);

        // Our own lines ("Level Category: message"); the libraries' debug lines are theirs.
        var ours = harness.Logs.Lines.Concat(classic.Logs.Lines).Where(l => l.Split(' ', 3)[1].StartsWith("CancelAll.", StringComparison.Ordinal)).ToList();
        Assert.Contains(ours, l => l.Contains("step cancel-entry-plans fake_trigger failed (PlanTypeRejected 40808)", StringComparison.Ordinal));
        Assert.Contains(ours, l => l.Contains("step cancel-orders failed (ExchangeUnavailable HTTP 503)", StringComparison.Ordinal));
        Assert.DoesNotContain(ours, l => l.Contains("(null)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_target_log_line_states_the_outcome_record_facts()
    {
        await using var harness = await ExchangeHarness.StartAsync();
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, "USDT-FUTURES", "USDT", 2);

        var outcome = await harness.Workflow.RunAsync(Command(CancelScope.Orders), default);

        var target = outcome.Targets[0];
        var line = Assert.Single(harness.Logs.Lines, l => l.Contains("target USDT-FUTURES: Succeeded", StringComparison.Ordinal));
        Assert.Contains($"{target.CancelledCount} cancelled, {target.FailedCount} failed", line, StringComparison.Ordinal);
        Assert.Contains($"{target.Attempts} HTTP attempt(s), {target.Retries} retried", line, StringComparison.Ordinal);
        Assert.Contains("Classic account", line, StringComparison.Ordinal);
    }
}
