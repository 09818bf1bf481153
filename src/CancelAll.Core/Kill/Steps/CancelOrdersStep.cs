using CancelAll.Core.Exchange;
using CancelAll.Core.Outcomes;
using Microsoft.Extensions.Logging;

namespace CancelAll.Core.Kill.Steps;

/// <summary>Cancels every normal open order of the target (V2 cancel-all-orders, V3 cancel-symbol-order).</summary>
public sealed class CancelOrdersStep(ILogger<CancelOrdersStep> logger) : KillStep(logger)
{
    public override string Name => StepNames.CancelOrders;

    private protected override Task ExecuteAsync(TargetRun run, CancellationToken cancellationToken) =>
        TryAsync(run, null, async () =>
        {
            var result = await run.Api.CancelOrdersAsync(run.Credentials, run.Target, cancellationToken).ConfigureAwait(false);
            // The answer's list is no ICollection: sized first, AddRange copies its orders (small structs) without regrowing.
            run.Cancelled.EnsureCapacity(run.Cancelled.Count + result.Cancelled.Count);
            run.Cancelled.AddRange(result.Cancelled);
            run.FailedOrders.AddRange(result.Failed);
            foreach (var failed in result.Failed)
            {
                run.Reasons[TargetRun.ItemKey(ItemKinds.Order, failed.OrderId)] = $"cancel-all could not cancel it ({failed.ErrorCode} {failed.ErrorMessage})";
            }

            run.Record(Name, null, result.Cancelled.Count, result.Failed.Count, result.Failed.Select(f => $"order {f.OrderId}: {f.ErrorCode} {f.ErrorMessage}").ToList(), result.Stats);
        }, cancellationToken);
}
