namespace CancelAll.Core.Exchange;

/// <summary>A pending V3 strategy order as listed: its id, symbol, side, size and type (<see cref="V3StrategyTypes"/>).</summary>
public sealed record V3StrategyItem(string OrderId, string? ClientOid, string? Symbol, string? PosSide, string? Qty, string Type);
