namespace CancelAll.Core.Exchange;

/// <summary>Kinds of things a target can hold, as named in outcomes.</summary>
internal static class ItemKinds
{
    public const string Order = "order";
    public const string EntryPlan = "entryPlan";
    public const string ProtectivePlan = "tpsl";
    public const string Position = "position";

    /// <summary>A conditional (strategy) order of a type this service does not know: never skipped, always reported.</summary>
    public const string UnknownPlan = "unknownPlan";
}

/// <summary>
/// A pending normal order or conditional (plan / strategy) order. <see cref="Kind"/> is one of <see cref="ItemKinds"/>:
/// what the order is to the kill switch (an order, an entry, a TP/SL, or of an unknown type).
/// </summary>
public sealed record PendingOrder(string OrderId, string? ClientOid, string? Symbol, string? MarginCoin, string? PlanType, string? Side, string? Size, string Kind = ItemKinds.Order);

/// <summary>An open position, as listed by all-position. <see cref="HedgeMode"/> is posMode hedge_mode.</summary>
public sealed record PositionInfo(string Symbol, string? MarginCoin, string HoldSide, string? Total, bool HedgeMode);

/// <summary>A read: what the exchange listed, and how the calls went.</summary>
public sealed record ListResult<T>(IReadOnlyList<T> Items, ExchangeCallStats Stats);

/// <summary>What one cancel-plan-order call did.</summary>
public sealed record PlanCancelResult(string PlanType, IReadOnlyList<CancelledOrder> Cancelled, IReadOnlyList<FailedOrder> Failed, ExchangeCallStats Stats);

/// <summary>A position that close-positions could not close, with Bitget's reason.</summary>
public sealed record FailedClose(string? Symbol, string? ErrorCode, string? ErrorMessage);

/// <summary>What one close-positions call did: the market orders placed, and the failures.</summary>
public sealed record ClosePositionsResult(string? Symbol, string? HoldSide, IReadOnlyList<string> OrderIds, IReadOnlyList<FailedClose> Failed, ExchangeCallStats Stats);
