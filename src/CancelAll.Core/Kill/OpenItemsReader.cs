using CancelAll.Core.Commands;
using CancelAll.Core.Exchange;
using CancelAll.Core.Outcomes;

namespace CancelAll.Core.Kill;

/// <summary>Lists what a target holds that its scope is responsible for: reads only, sent at once, for verify and the preview.</summary>
internal static class OpenItemsReader
{
    public static async Task<OpenItems> ReadAsync(TargetRun run, CancellationToken cancellationToken)
    {
        var api = run.Api;
        var scope = run.Command.Scope;
        var open = new OpenItems();

        // The scope's reads are independent: all at once, then read back in a fixed order (orders, conditional, positions).
        var listingOrders = api.ListOrdersAsync(run.Credentials, run.Target, cancellationToken);
        var listingConditional = scope == CancelScope.Orders ? null : api.ListConditionalOrdersAsync(run.Credentials, run.Target, scope, cancellationToken);
        var listingPositions = scope == CancelScope.Flatten ? api.ListPositionsAsync(run.Credentials, run.Target, cancellationToken) : null;
        await AtOnce.SettleAsync(new Task?[] { listingOrders, listingConditional, listingPositions }.OfType<Task>().ToList()).ConfigureAwait(false);

        var orders = await listingOrders.ConfigureAwait(false);
        run.AddCalls(orders.Stats);
        open.Orders.AddRange(orders.Items.Select(o => Item(run, o with { Kind = ItemKinds.Order }, "still open after cancel-all (it could not be cancelled, or it was placed again)")));
        if (listingConditional is null)
        {
            return open;
        }

        var conditional = await listingConditional.ConfigureAwait(false);
        run.AddCalls(conditional.Stats);
        foreach (var order in conditional.Items)
        {
            switch (order.Kind)
            {
                case ItemKinds.EntryPlan:
                    open.EntryPlans.Add(Item(run, order, "still pending after the entry cancel"));
                    break;
                case ItemKinds.UnknownPlan:
                    // Never skipped: an order of a type we do not know could open a position. Flatten cancels it with the
                    // leftovers once no position is open; entries reports it.
                    (scope == CancelScope.Flatten ? open.ProtectivePlans : open.EntryPlans)
                        .Add(Item(run, order, $"a conditional order of a type this service does not know ('{order.PlanType ?? "none"}'): check it on Bitget"));
                    break;
                case ItemKinds.ProtectivePlan when scope == CancelScope.Flatten:
                    open.ProtectivePlans.Add(Item(run, order, "still pending after the TP/SL cancel"));
                    break;
            }
        }

        if (listingPositions is not null)
        {
            var positions = await listingPositions.ConfigureAwait(false);
            run.AddCalls(positions.Stats);
            open.Positions.AddRange(positions.Items.Select(p => new AccountItem(
                ItemKinds.Position,
                TargetRun.PositionId(p),
                p.Symbol,
                p.MarginCoin,
                null,
                p.HoldSide,
                p.Total,
                run.Reasons.GetValueOrDefault(TargetRun.ItemKey(ItemKinds.Position, TargetRun.PositionId(p))) ?? "still open after close-positions")));
        }

        return open;
    }

    private static AccountItem Item(TargetRun run, PendingOrder order, string fallback)
    {
        var reason = run.Reasons.GetValueOrDefault(TargetRun.ItemKey(order.Kind, order.OrderId))
            ?? (order.PlanType is not null && run.TypeErrors.TryGetValue(order.PlanType, out var typeError) ? typeError : null)
            ?? fallback;
        return new AccountItem(order.Kind, order.OrderId, order.Symbol, order.MarginCoin, order.PlanType, order.Side, order.Size, reason);
    }
}
