using CancelAll.Core.Commands;
using CancelAll.Core.Kill.Steps;

namespace CancelAll.Core.Kill;

/// <summary>The steps of each scope, in the order they run. Verify, when asked, runs after them.</summary>
public sealed class ScopeSteps(
    CancelOrdersStep cancelOrders,
    CancelEntryOrdersStep cancelEntries,
    ClosePositionsStep closePositions,
    CancelLeftoverOrdersStep cancelLeftovers)
{
    /// <summary>
    /// orders: cancel the orders. entries: also the entry (trigger) orders. flatten: cancel orders and entries,
    /// close the positions (both sides in hedge mode), then cancel the TP/SL left behind.
    /// </summary>
    public IReadOnlyList<KillStep> For(CancelScope scope) => scope switch
    {
        CancelScope.Orders => [cancelOrders],
        CancelScope.Entries => [cancelOrders, cancelEntries],
        CancelScope.Flatten => [cancelOrders, cancelEntries, closePositions, cancelLeftovers],
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "Unknown scope."),
    };
}
