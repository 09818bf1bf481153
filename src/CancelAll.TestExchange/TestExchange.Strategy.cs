using System.Text.Json.Nodes;

namespace CancelAll.TestExchange;

/// <summary>V3 strategy orders (TP/SL, trigger and any type a client may not know): set-up, unfilled-strategy-orders, cancel-strategy-order.</summary>
public sealed partial class TestExchange
{
    /// <summary>The types unfilled-strategy-orders filters by.</summary>
    private static readonly string[] FilterableStrategyTypes = ["tpsl", "trigger"];

    /// <summary>
    /// Places a pending strategy order. <paramref name="type"/> is <c>tpsl</c>, <c>trigger</c>, or another name (such as
    /// <c>trailing</c>) for a type Bitget may add: such an order is listed only when no type filter is given.
    /// <paramref name="category"/> is a futures category in either case.
    /// </summary>
    public StrategyOrder AddStrategyOrder(string apiKey, string category, string symbol, string type, string posSide = "long", string qty = "0.01")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        if (posSide is not ("long" or "short"))
        {
            throw new ArgumentException("posSide is long or short.", nameof(posSide));
        }

        var name = CategoryName(category);
        var book = books[apiKey];
        lock (book.Sync)
        {
            var order = NewOrder(name, MarginCoinOf(name, symbol), symbol);
            var strategy = new StrategyOrder(order.OrderId, order.ClientOid, name, symbol, type, qty, posSide);
            book.Strategies.Add(strategy);
            return strategy;
        }
    }

    /// <summary>GET /api/v3/trade/unfilled-strategy-orders: category required, type (tpsl, trigger) optional; a bare array, no paging.</summary>
    private (int Status, JsonObject Body) UnfilledStrategyOrders(SignedCall call, Dictionary<string, string> parameters)
    {
        if (UnifiedCategory(parameters, required: true, out var category) is { } rejected)
        {
            return rejected;
        }

        var type = parameters.GetValueOrDefault("type");
        if (type is not null && !FilterableStrategyTypes.Contains(type))
        {
            return Reject(400, UnifiedParameterError, "Parameter verification failed: type is tpsl or trigger");
        }

        var symbol = parameters.GetValueOrDefault("symbol");
        var list = new JsonArray();
        var now = NowMs();
        lock (call.Book.Sync)
        {
            foreach (var strategy in call.Book.Strategies.Where(s => s.Category == category && (type is null || s.Type == type) && (symbol is null || s.Symbol == symbol)))
            {
                list.Add(StrategyItem(strategy, now));
            }
        }

        return (200, Envelope("00000", "success", Listed(list)));
    }

    /// <summary>
    /// POST /api/v3/trade/cancel-strategy-order: orderId or clientOid (orderId wins); one order per call. An unknown order
    /// answers HTTP 400 code 25204 (Bitget's V3 "order does not exist" for normal orders; for strategy orders a guess).
    /// </summary>
    private (int Status, JsonObject Body) CancelStrategyOrder(SignedCall call, Dictionary<string, string> parameters)
    {
        var orderId = parameters.GetValueOrDefault("orderId");
        var clientOid = parameters.GetValueOrDefault("clientOid");
        if (orderId is null && clientOid is null)
        {
            return Reject(400, UnifiedParameterError, "Parameter verification failed: orderId or clientOid is required");
        }

        var book = call.Book;
        lock (book.Sync)
        {
            var strategy = orderId is null ? book.Strategies.FirstOrDefault(s => s.ClientOid == clientOid) : book.Strategies.Find(orderId);
            if (strategy is null)
            {
                return Reject(400, "25204", "Order does not exist");
            }

            if (Faults.FailingOrders.TryGetValue(strategy.OrderId, out var reason))
            {
                return Reject(400, InjectedFailureCode, reason);
            }

            book.Strategies.Remove(strategy);
            var data = Quirks.StrategyCancelData == StrategyCancelAnswer.Ids
                ? new JsonObject { ["orderId"] = strategy.OrderId, ["clientOid"] = strategy.ClientOid }
                : null;
            return (200, Envelope("00000", "success", data));
        }
    }

    /// <summary>An item as Bitget lists it: no <c>type</c> field; TP/SL orders fill the tp/sl fields, trigger orders the trigger fields, others neither.</summary>
    private static JsonObject StrategyItem(StrategyOrder strategy, string now)
    {
        var tpsl = strategy.Type == "tpsl";
        var trigger = strategy.Type == "trigger";
        string When(bool set, string value) => set ? value : string.Empty;
        return new JsonObject
        {
            ["orderId"] = strategy.OrderId, ["clientOid"] = strategy.ClientOid, ["category"] = strategy.Category, ["symbol"] = strategy.Symbol,
            ["qty"] = strategy.Qty, ["posSide"] = strategy.PosSide, ["status"] = "pending",
            ["tpTriggerBy"] = When(tpsl, "market"), ["slTriggerBy"] = When(tpsl, "market"),
            ["takeProfit"] = When(tpsl, "110"), ["stopLoss"] = When(tpsl, "90"),
            ["tpOrderType"] = When(tpsl, "market"), ["slOrderType"] = When(tpsl, "market"), ["tpLimitPrice"] = string.Empty, ["slLimitPrice"] = string.Empty,
            ["triggerBy"] = When(trigger, "market"), ["triggerPrice"] = When(trigger, "105"),
            ["triggerOrderType"] = When(trigger, "market"), ["triggerOrderPrice"] = string.Empty,
            ["createdTime"] = now, ["updatedTime"] = now,
        };
    }

    /// <summary>The coin a symbol settles in: USDT or USDC for those categories, the base coin (BTC of BTCUSD) for COIN-FUTURES.</summary>
    private static string MarginCoinOf(string category, string symbol) => category switch
    {
        "USDT-FUTURES" => "USDT",
        "USDC-FUTURES" => "USDC",
        _ => symbol.EndsWith("USD", StringComparison.Ordinal) ? symbol[..^3] : symbol,
    };
}
