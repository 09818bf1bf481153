namespace CancelAll.Core.Exchange;

/// <summary>What one close-positions call did: the market orders placed, and the failures.</summary>
public sealed record ClosePositionsResult(string? Symbol, string? HoldSide, IReadOnlyList<string> OrderIds, IReadOnlyList<FailedClose> Failed, ExchangeCallStats Stats);
