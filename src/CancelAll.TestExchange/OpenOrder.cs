namespace CancelAll.TestExchange;

/// <summary>An open order on the test exchange.</summary>
public sealed record OpenOrder(string OrderId, string ClientOid, string ProductType, string MarginCoin, string Symbol);
