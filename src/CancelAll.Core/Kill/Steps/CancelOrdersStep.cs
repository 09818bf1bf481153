using CancelAll.Core.Exchange;
using CancelAll.Core.Outcomes;
using Microsoft.Extensions.Logging;

namespace CancelAll.Core.Kill.Steps;

/// <summary>Cancels every normal open order of the target (V2 cancel-all-orders, V3 cancel-symbol-order).</summary>
public sealed class CancelOrdersStep(ILogger<CancelOrdersStep> logger) : KillStep(logger)
{
    public override string Name => StepNames.CancelOrders;

    internal override IReadOnlyList<StepCall> Calls(TargetRun run) =>
    [
        new(this, null, async (api, cancellationToken) =>
        {
            var result = await api.CancelOrdersAsync(run.Credentials, run.Target, cancellationToken).ConfigureAwait(false);
            return into => Record(into, result);
        }),
    ];

    private protected override Task ExecuteAsync(TargetRun run, CancellationToken cancellationToken) => StepCalls.RunAsync(run, Calls(run), cancellationToken);

    private void Record(TargetRun run, CancelAllResult result)
    {
        // The answer's list is no ICollection: sized first, AddRange copies its orders (small structs) without regrowing.
        run.Cancelled.EnsureCapacity(run.Cancelled.Count + result.Cancelled.Count);
        run.Cancelled.AddRange(result.Cancelled);
        run.FailedOrders.AddRange(result.Failed);
        foreach (var failed in result.Failed)
        {
            run.Reasons[TargetRun.ItemKey(ItemKinds.Order, failed.OrderId)] = $"cancel-all could not cancel it ({failed.ErrorCode} {failed.ErrorMessage})";
        }

        run.Record(Name, null, result.Cancelled.Count, result.Failed.Count, result.Failed.Select(f => $"order {f.OrderId}: {f.ErrorCode} {f.ErrorMessage}").ToList(), result.Stats);
    }
}
