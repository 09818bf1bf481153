using CancelAll.Core.Outcomes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Kill.Steps;

/// <summary>
/// Lists what is left and re-runs only the steps whose leftovers it found, in the same safe order as the first pass,
/// until the target is flat or the deadline passes. It reports what remained, and why.
/// </summary>
public sealed class VerifyStep(
    CancelOrdersStep cancelOrders,
    CancelEntryOrdersStep cancelEntries,
    ClosePositionsStep closePositions,
    CancelLeftoverOrdersStep cancelLeftovers,
    IOptions<FlattenOptions> options,
    TimeProvider timeProvider,
    ILogger<VerifyStep> logger) : KillStep(logger)
{
    public override string Name => StepNames.Verify;

    private protected override async Task ExecuteAsync(TargetRun run, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var deadline = timeProvider.GetUtcNow() + settings.VerifyDeadline;
        var checks = 0;
        while (true)
        {
            OpenItems left;
            try
            {
                left = await OpenItemsReader.ReadAsync(run, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (run.TrySwitchMode(e))
            {
                continue;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var error = OutcomeErrors.From(e);
                run.VerifyError = error with { Message = "Could not verify that the target is flat: " + error.Message };
                run.RecordError(Name, null, run.VerifyError, e as Exchange.ExchangeException);
                KillLog.StepFailed(logger, run.Command.CorrelationId, run.Target, Name, error.Kind, error.Code ?? "no code", error.Message);
                return;
            }

            checks++;
            run.Steps.Add(new StepOutcome(Name, null, run.Round, 0, left.Count, left.All.Select(Describe).ToList()));
            if (left.Count == 0)
            {
                run.Remaining = [];
                return;
            }

            if (run.Control.StopStartingSteps.IsCancellationRequested)
            {
                // Asked to stop: no more re-runs; what this check found is what is left.
                run.RecordNotStarted([]);
                run.Remaining = left.All.Select(i => i with { Reason = i.Reason + "; still there: the run was interrupted before verify re-ran its step" }).ToList();
                return;
            }

            if (timeProvider.GetUtcNow() >= deadline || run.Fatal is not null)
            {
                var suffix = $"; still there when verify stopped ({checks} check(s), deadline {settings.VerifyDeadline.TotalSeconds:0.###} s)";
                run.Remaining = left.All.Select(i => i with { Reason = i.Reason + suffix }).ToList();
                KillLog.NotFlat(logger, run.Command.CorrelationId, run.Target, left.Count, checks);
                return;
            }

            run.Round++;
            KillLog.VerifyRetry(logger, run.Command.CorrelationId, run.Target, left.Orders.Count, left.EntryPlans.Count, left.Positions.Count, left.ProtectivePlans.Count, run.Round);
            await RerunAsync(run, left, cancellationToken).ConfigureAwait(false);

            var pause = deadline - timeProvider.GetUtcNow();
            if (pause > settings.VerifyInterval)
            {
                pause = settings.VerifyInterval;
            }

            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause, timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // Re-run only what is missing, in the same safe order as the first pass.
    private async Task RerunAsync(TargetRun run, OpenItems left, CancellationToken cancellationToken)
    {
        // The cancels go at once, as in the first pass; then the closes, then the TP/SL.
        var entryTypes = left.EntryPlans.Select(p => p.PlanType).Where(t => t is not null && run.Api.EntryTypes.Contains(t)).Distinct(StringComparer.Ordinal);
        var cancels = (left.Orders.Count > 0 ? cancelOrders.Calls(run) : []).Concat(entryTypes.Select(type => cancelEntries.TypeCall(run, type!))).ToList();
        await StepCalls.RunAsync(run, cancels, cancellationToken).ConfigureAwait(false);

        if (left.Positions.Count > 0)
        {
            await closePositions.RunAsync(run, cancellationToken).ConfigureAwait(false);
        }

        if (left.ProtectivePlans.Count > 0 || left.Positions.Count > 0)
        {
            await cancelLeftovers.RunAsync(run, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Describe(AccountItem item) =>
        $"{item.Kind} {item.Id}{(item.Symbol is null ? string.Empty : " " + item.Symbol)}{(item.PlanType is null ? string.Empty : " " + item.PlanType)}";
}
