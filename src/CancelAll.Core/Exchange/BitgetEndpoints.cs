namespace CancelAll.Core.Exchange;

/// <summary>
/// Every Bitget path this service calls, for both API families, and the limit Bitget sets on each (requests per
/// second per UID). One table, so that the clients and the rate limiter cannot disagree about a path or its limit.
/// Sources: shared notes bitget-v2.md and bitget-uta-v3.md, docs/bitget-flatten-facts.md.
/// </summary>
internal static class BitgetEndpoints
{
    /// <summary>Public; works for classic and UTA accounts alike.</summary>
    public const string ServerTime = "/api/v2/public/time";

    // Classic accounts (V2 mix API).
    public const string V2CancelAllOrders = "/api/v2/mix/order/cancel-all-orders";
    public const string V2PendingOrders = "/api/v2/mix/order/orders-pending";
    public const string V2PendingPlanOrders = "/api/v2/mix/order/orders-plan-pending";
    public const string V2AllPositions = "/api/v2/mix/position/all-position";
    public const string V2CancelPlanOrder = "/api/v2/mix/order/cancel-plan-order";
    public const string V2ClosePositions = "/api/v2/mix/order/close-positions";

    // Unified Trading Accounts (V3 API).
    public const string V3AccountSettings = "/api/v3/account/settings";
    public const string V3CancelSymbolOrder = "/api/v3/trade/cancel-symbol-order";
    public const string V3UnfilledOrders = "/api/v3/trade/unfilled-orders";
    public const string V3UnfilledStrategyOrders = "/api/v3/trade/unfilled-strategy-orders";
    public const string V3CancelStrategyOrder = "/api/v3/trade/cancel-strategy-order";
    public const string V3CurrentPosition = "/api/v3/position/current-position";
    public const string V3ClosePositions = "/api/v3/trade/close-positions";
    public const string V3CountdownCancelAll = "/api/v3/trade/countdown-cancel-all";

    /// <summary>Bitget's limit for <paramref name="path"/> in requests per second per UID, or null for an unknown path.</summary>
    public static int? LimitPerSecond(string path) => path switch
    {
        V2CancelAllOrders or V2PendingOrders or V2PendingPlanOrders or V2CancelPlanOrder => 10,
        V2AllPositions => 5,
        V2ClosePositions => 1,
        V3CancelSymbolOrder or V3ClosePositions => 5,
        V3CancelStrategyOrder => 10,
        V3AccountSettings or V3UnfilledOrders or V3UnfilledStrategyOrders or V3CurrentPosition => 20,
        V3CountdownCancelAll => 1,
        _ => null,
    };
}
