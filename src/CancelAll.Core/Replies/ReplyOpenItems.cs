namespace CancelAll.Core.Replies;

/// <summary>Items grouped by kind: normal orders, strategy/plan orders (entries, TP/SL, unknown types), positions.</summary>
public sealed record ReplyOpenItems(IReadOnlyList<ReplyItem> Orders, IReadOnlyList<ReplyItem> PlanOrders, IReadOnlyList<ReplyItem> Positions)
{
    public int Count => Orders.Count + PlanOrders.Count + Positions.Count;
}
