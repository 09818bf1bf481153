namespace CancelAll.Benchmarks;

/// <summary>What an account of the test exchange still holds open (GET /_bench/book).</summary>
public sealed record OpenBook(int OpenOrders, int OpenPlans, int OpenStrategyOrders, int OpenPositions);
