using CancelAll.Core.Commands;
using CancelAll.Core.Exchange;
using CancelAll.Core.Kill;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Tests.Flatten;
using CancelAll.Core.Tests.Support;

namespace CancelAll.Core.Tests.Kill;

/// <summary>KillControl: asked to stop, a target finishes the step under way, starts no other, and says which did not start.</summary>
public class KillControlTests
{
    private static CancelCommand Flatten() =>
        new(ExchangeHarness.Account, [CancelTarget.Create(ProductType.UsdtFutures, null, TradingEnvironment.Live)], CommandSource.Cli, CancelCommand.NewCorrelationId(), Scope: CancelScope.Flatten);

    /// <summary>Asks to stop as soon as the named step starts, and records every report.</summary>
    private sealed class StopWhenStarted(string step, CancellationTokenSource stop) : IProgress<KillProgress>
    {
        public List<KillProgress> Reports { get; } = [];

        public void Report(KillProgress value)
        {
            lock (Reports)
            {
                Reports.Add(value);
            }

            if (value.Step == step)
            {
                stop.Cancel();
            }
        }
    }

    [Fact]
    public async Task A_stop_during_a_step_lets_it_finish_and_starts_no_other()
    {
        await using var harness = await FlattenTests.StartAsync();
        FlattenTests.Seed(harness);
        using var stop = new CancellationTokenSource();
        var progress = new StopWhenStarted(StepNames.CancelOrders, stop);

        var outcome = await harness.Workflow.RunAsync(Flatten(), new KillControl { StopStartingSteps = stop.Token, Progress = progress }, CancellationToken.None);

        var target = Assert.Single(outcome.Targets);
        Assert.Equal(OutcomeStatus.PartiallyFailed, outcome.Status);
        Assert.Equal(OutcomeErrorKind.Interrupted, target.Error?.Kind);
        Assert.Contains("cancel-entry-plans, close-positions, cancel-tpsl, verify did not start", target.Error!.Message, StringComparison.Ordinal);
        var steps = target.Steps!;
        Assert.Equal(3, steps.Single(s => s.Name == StepNames.CancelOrders).Done);
        Assert.Equal(
            [StepNames.CancelEntryPlans, StepNames.ClosePositions, StepNames.CancelProtectivePlans, StepNames.Verify],
            steps.Where(s => s.Error?.Kind == OutcomeErrorKind.Interrupted).Select(s => s.Name));

        // The exchange agrees: the orders are gone, every plan and both positions are still there.
        var book = harness.Exchange.Book(harness.Credentials.ApiKey);
        Assert.Empty(book.OpenOrders);
        Assert.Equal(7, book.OpenPlans.Count);
        Assert.Equal(2, book.OpenPositions.Count);
        Assert.DoesNotContain(harness.SignedRequests, r => r.Path == FlattenTests.ClosePath);

        // Progress heard the step start (1 of 5) and the target end.
        Assert.Equal(new KillProgress("USDT-FUTURES", StepNames.CancelOrders, 0, 5), progress.Reports[0]);
        Assert.Equal(new KillProgress("USDT-FUTURES", null, 0, 0), progress.Reports[^1]);
    }

    [Fact]
    public async Task A_stop_before_the_run_sends_nothing_and_is_not_reported_as_done()
    {
        await using var harness = await FlattenTests.StartAsync();
        FlattenTests.Seed(harness);
        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();

        var outcome = await harness.Workflow.RunAsync(Flatten(), new KillControl { StopStartingSteps = stop.Token }, CancellationToken.None);

        Assert.Equal(OutcomeStatus.Failed, outcome.Status);
        var target = Assert.Single(outcome.Targets);
        Assert.Equal(5, target.Steps!.Count(s => s.Error?.Kind == OutcomeErrorKind.Interrupted));
        Assert.DoesNotContain(harness.SignedRequests, r => r.Method == "POST");
        Assert.Equal(3, harness.Exchange.Book(harness.Credentials.ApiKey).OpenOrders.Count);
    }

    [Fact]
    public async Task Orders_scope_stopped_before_it_starts_is_not_nothing_to_cancel()
    {
        await using var harness = await FlattenTests.StartAsync();
        FlattenTests.Seed(harness);
        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();
        var command = Flatten() with { Scope = CancelScope.Orders };

        var outcome = await harness.Workflow.RunAsync(command, new KillControl { StopStartingSteps = stop.Token }, CancellationToken.None);

        Assert.Equal(OutcomeStatus.Failed, outcome.Status);
        var step = Assert.Single(Assert.Single(outcome.Targets).Steps!);
        Assert.Equal(StepNames.CancelOrders, step.Name);
        Assert.Equal(OutcomeErrorKind.Interrupted, step.Error?.Kind);
    }
}
