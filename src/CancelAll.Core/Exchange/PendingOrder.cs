namespace CancelAll.Core.Exchange;

/// <summary>
/// A pending normal order or conditional (plan / strategy) order. <see cref="Kind"/> is one of <see cref="ItemKinds"/>:
/// what the order is to the kill switch (an order, an entry, a TP/SL, or of an unknown type).
/// </summary>
public sealed record PendingOrder(string OrderId, string? ClientOid, string? Symbol, string? MarginCoin, string? PlanType, string? Side, string? Size, string Kind = ItemKinds.Order);
