namespace CancelAll.Core.Exchange;

/// <summary>A read: what the exchange listed, and how the calls went.</summary>
public sealed record ListResult<T>(IReadOnlyList<T> Items, ExchangeCallStats Stats);
