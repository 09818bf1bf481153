namespace CancelAll.TestExchange;

/// <summary>
/// A pending V3 strategy order of a Unified Trading Account. <see cref="Type"/> is <c>tpsl</c> or <c>trigger</c>, the
/// types Bitget's unfilled-strategy-orders filters by, or any other name for a type a client does not know yet (such as
/// <c>trailing</c>): those are listed only when no type filter is given.
/// </summary>
public sealed record StrategyOrder(string OrderId, string ClientOid, string Category, string Symbol, string Type, string Qty, string PosSide);
