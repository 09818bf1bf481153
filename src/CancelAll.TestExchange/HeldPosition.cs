namespace CancelAll.TestExchange;

/// <summary>An open position. <see cref="HoldSide"/> is long or short.</summary>
public sealed record HeldPosition(string ProductType, string MarginCoin, string Symbol, string HoldSide, string Size);
