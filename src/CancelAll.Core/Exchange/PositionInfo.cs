namespace CancelAll.Core.Exchange;

/// <summary>An open position, as listed by all-position. <see cref="HedgeMode"/> is posMode hedge_mode.</summary>
public sealed record PositionInfo(string Symbol, string? MarginCoin, string HoldSide, string? Total, bool HedgeMode);
