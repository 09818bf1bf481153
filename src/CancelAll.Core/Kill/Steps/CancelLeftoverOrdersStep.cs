using CancelAll.Core.Exchange;
using CancelAll.Core.Outcomes;
using Microsoft.Extensions.Logging;

namespace CancelAll.Core.Kill.Steps;

/// <summary>
/// After the positions are closed: cancels the TP/SL (and any conditional order of an unknown type) left behind.
/// Those of a symbol whose position is still open are kept, because cancelling them would leave that position
/// unprotected; they are reported as remaining. Its two reads go at once, and so do its cancels.
/// </summary>
public sealed class CancelLeftoverOrdersStep(ILogger<CancelLeftoverOrdersStep> logger) : KillStep(logger)
{
    public override string Name => StepNames.CancelProtectivePlans;

    private protected override Task ExecuteAsync(TargetRun run, CancellationToken cancellationToken) =>
        TryAsync(run, null, async () =>
        {
            var api = run.Api;
            var listingPositions = api.ListPositionsAsync(run.Credentials, run.Target, cancellationToken);
            var listingLeftovers = api.ListLeftoverOrdersAsync(run.Credentials, run.Target, cancellationToken);
            await AtOnce.SettleAsync([listingPositions, listingLeftovers]).ConfigureAwait(false);
            var positions = await listingPositions.ConfigureAwait(false);
            var conditional = await listingLeftovers.ConfigureAwait(false);

            var stats = new List<ExchangeCallStats> { positions.Stats, conditional.Stats };
            var open = positions.Items.Select(p => p.Symbol).ToHashSet(StringComparer.Ordinal);
            var leftovers = conditional.Items.Where(p => p.Kind is ItemKinds.ProtectivePlan or ItemKinds.UnknownPlan).ToList();
            foreach (var kept in leftovers.Where(p => p.Symbol is not null && open.Contains(p.Symbol)))
            {
                run.Reasons[TargetRun.ItemKey(kept.Kind, kept.OrderId)] = $"kept on purpose: it protects the {kept.Symbol} position, which is still open";
            }

            var toCancel = leftovers.Where(p => p.Symbol is null || !open.Contains(p.Symbol)).ToList();
            var done = 0;
            var failedItems = new List<string>();
            ExchangeException? stopped = null;
            if (toCancel.Count > 0)
            {
                var batches = await api.CancelLeftoverOrdersAsync(run.Credentials, run.Target, toCancel, open.Count == 0, cancellationToken).ConfigureAwait(false);
                foreach (var batch in batches)
                {
                    stats.Add(batch.Stats);
                    done += batch.Cancelled.Count;
                    foreach (var failed in batch.Failed)
                    {
                        run.Reasons[TargetRun.ItemKey(ItemKinds.ProtectivePlan, failed.OrderId)] = $"the cancel could not cancel it ({failed.ErrorCode} {failed.ErrorMessage})";
                        failedItems.Add($"plan {failed.OrderId} ({batch.Type}): {failed.ErrorCode} {failed.ErrorMessage}");
                    }

                    if (batch.Error is { StopsTarget: true } stop)
                    {
                        // Stops the target once the other batches are recorded; the same failure again only adds its calls.
                        stopped ??= stop;
                        if (!ReferenceEquals(stopped, stop))
                        {
                            stats.Add(stop.Stats ?? ExchangeCallStats.None);
                        }
                    }
                    else if (batch.Error is { } e)
                    {
                        // A type the exchange rejects is an error that names it, recorded for verify to report.
                        var type = batch.Type ?? "unknown type";
                        run.TypeErrors[type] = e.Message;
                        failedItems.Add($"{type}: {e.Kind} {e.Code}: {e.Message}");
                        run.StepErrors.Add(e.Kind == ExchangeErrorKind.BadRequest ? new OutcomeError(OutcomeErrorKind.PlanTypeRejected, e.Code, e.Message) : OutcomeErrors.From(e));
                    }
                }
            }

            RecordCalls(run, null, stopped, done, failedItems, stats);
        }, cancellationToken);
}
