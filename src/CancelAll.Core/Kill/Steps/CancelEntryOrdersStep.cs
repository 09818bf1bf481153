using CancelAll.Core.Exchange;
using CancelAll.Core.Outcomes;
using Microsoft.Extensions.Logging;

namespace CancelAll.Core.Kill.Steps;

/// <summary>
/// Cancels the conditional orders that can open a position (V2 trigger and trailing plans, V3 trigger strategy
/// orders), type by type. A type the exchange rejects is an error that names it; the other types still run.
/// </summary>
public sealed class CancelEntryOrdersStep(ILogger<CancelEntryOrdersStep> logger) : KillStep(logger)
{
    public override string Name => StepNames.CancelEntryPlans;

    private protected override async Task ExecuteAsync(TargetRun run, CancellationToken cancellationToken)
    {
        foreach (var type in run.Api.EntryTypes)
        {
            await CancelTypeAsync(run, type, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Cancels the entry orders of one type (verify re-runs only the types it still found).</summary>
    internal Task CancelTypeAsync(TargetRun run, string type, CancellationToken cancellationToken) =>
        run.Fatal is not null
            ? Task.CompletedTask
            : TryAsync(run, type, async () =>
            {
                var batch = await run.Api.CancelEntryOrdersAsync(run.Credentials, run.Target, type, cancellationToken).ConfigureAwait(false);
                foreach (var failed in batch.Failed)
                {
                    run.Reasons[TargetRun.ItemKey(ItemKinds.EntryPlan, failed.OrderId)] = $"the cancel could not cancel it ({failed.ErrorCode} {failed.ErrorMessage})";
                }

                // A failure that stops the target (batch.Error) is thrown once what the calls beside it did is recorded.
                RecordCalls(run, type, batch.Error, batch.Cancelled.Count, batch.Failed.Select(f => $"plan {f.OrderId} ({type}): {f.ErrorCode} {f.ErrorMessage}").ToList(), [batch.Stats]);
            }, cancellationToken);
}
