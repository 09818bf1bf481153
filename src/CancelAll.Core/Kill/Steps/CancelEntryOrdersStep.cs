using CancelAll.Core.Exchange;
using CancelAll.Core.Outcomes;
using Microsoft.Extensions.Logging;

namespace CancelAll.Core.Kill.Steps;

/// <summary>
/// Cancels the conditional orders that can open a position (V2 trigger and trailing plans, V3 trigger strategy
/// orders), type by type. A type the exchange rejects is an error that names it; the other types still run. The types
/// go at once, and beside the normal orders' cancel: both are cancels, and a trigger that fires while the orders are
/// being cancelled is exactly the risk.
/// </summary>
public sealed class CancelEntryOrdersStep(ILogger<CancelEntryOrdersStep> logger) : KillStep(logger)
{
    public override string Name => StepNames.CancelEntryPlans;

    internal override bool RunsBesidePrevious => true;

    internal override IReadOnlyList<StepCall> Calls(TargetRun run) => [.. run.Api.EntryTypes.Select(type => TypeCall(run, type))];

    private protected override Task ExecuteAsync(TargetRun run, CancellationToken cancellationToken) => StepCalls.RunAsync(run, Calls(run), cancellationToken);

    /// <summary>Cancels the entry orders of one type (verify re-runs only the types it still found).</summary>
    internal StepCall TypeCall(TargetRun run, string type) =>
        new(this, type, async (api, cancellationToken) =>
        {
            var batch = await api.CancelEntryOrdersAsync(run.Credentials, run.Target, type, cancellationToken).ConfigureAwait(false);
            return into => Record(into, type, batch);
        });

    private void Record(TargetRun run, string type, CancelBatch batch)
    {
        foreach (var failed in batch.Failed)
        {
            run.Reasons[TargetRun.ItemKey(ItemKinds.EntryPlan, failed.OrderId)] = $"the cancel could not cancel it ({failed.ErrorCode} {failed.ErrorMessage})";
        }

        // A failure that stops the target (batch.Error) is thrown once what the calls beside it did is recorded.
        RecordCalls(run, type, batch.Error, batch.Cancelled.Count, batch.Failed.Select(f => $"plan {f.OrderId} ({type}): {f.ErrorCode} {f.ErrorMessage}").ToList(), [batch.Stats]);
    }
}
