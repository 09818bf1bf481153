namespace CancelAll.TestExchange;

/// <summary>A pending plan order. <see cref="PlanType"/> is the specific type (normal_plan, track_plan, profit_plan, ...).</summary>
public sealed record PlanOrder(string OrderId, string ClientOid, string ProductType, string MarginCoin, string Symbol, string PlanType, string Size);
