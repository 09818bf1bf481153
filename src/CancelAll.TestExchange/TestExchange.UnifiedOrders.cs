using System.Globalization;
using System.Text.Json.Nodes;

namespace CancelAll.TestExchange;

/// <summary>V3 orders: cancel-symbol-order and unfilled-orders (cursor paging).</summary>
public sealed partial class TestExchange
{
    /// <summary>
    /// POST /api/v3/trade/cancel-symbol-order: category required, symbol optional (none = the whole category). Answers
    /// <c>{list:[{orderId, clientOid}]}</c>; an order that fails to cancel carries <c>code</c> and <c>msg</c>.
    /// </summary>
    private (int Status, JsonObject Body) CancelSymbolOrder(SignedCall call, Dictionary<string, string> parameters)
    {
        if (UnifiedCategory(parameters, required: true, out var category) is { } rejected)
        {
            return rejected;
        }

        var symbol = parameters.GetValueOrDefault("symbol");
        var list = new JsonArray();
        var book = call.Book;
        lock (book.Sync)
        {
            var matching = book.Orders.Where(o => o.ProductType == category && (symbol is null || o.Symbol == symbol)).ToList();
            var strategies = Quirks.CancelSymbolOrderCancelsStrategyOrders
                ? book.Strategies.Where(s => s.Category == category && (symbol is null || s.Symbol == symbol)).ToList()
                : [];
            if (matching.Count == 0 && strategies.Count == 0)
            {
                return Quirks.NothingToCancel == NothingToCancelAnswer.Code22001
                    ? Reject(400, "22001", "No order to cancel")
                    : (200, Envelope("00000", "success", new JsonObject { ["list"] = Listed(list) }));
            }

            foreach (var order in matching)
            {
                list.Add(CancelItem(order.OrderId, order.ClientOid, () => book.Orders.Remove(order)));
            }

            foreach (var strategy in strategies)
            {
                list.Add(CancelItem(strategy.OrderId, strategy.ClientOid, () => book.Strategies.Remove(strategy)));
            }

            var refill = matching.Count > 0 && book.RefillAfterCancel > 0 && book.TakeRefillRound() ? book.RefillAfterCancel : 0;
            for (var i = 0; i < refill; i++)
            {
                book.Orders.Add(NewOrder(category!, matching[0].MarginCoin, symbol));
            }
        }

        return (200, Envelope("00000", "success", new JsonObject { ["list"] = list }));
    }

    /// <summary>One item of a V3 cancel answer: cancels unless the order is set to fail, which answers <c>code</c> and <c>msg</c>.</summary>
    private JsonObject CancelItem(string orderId, string clientOid, Action cancel)
    {
        if (Faults.FailingOrders.TryGetValue(orderId, out var reason))
        {
            return new JsonObject { ["orderId"] = orderId, ["clientOid"] = clientOid, ["code"] = InjectedFailureCode, ["msg"] = reason };
        }

        cancel();
        return new JsonObject { ["orderId"] = orderId, ["clientOid"] = clientOid };
    }

    /// <summary>
    /// GET /api/v3/trade/unfilled-orders: category, symbol optional; limit 1..100 (default 100); cursor paging, newest first:
    /// the first call has no cursor, each next one passes the previous answer's cursor until it comes back exhausted.
    /// </summary>
    private (int Status, JsonObject Body) UnfilledOrders(SignedCall call, Dictionary<string, string> parameters)
    {
        if (UnifiedCategory(parameters, required: false, out var category) is { } rejected)
        {
            return rejected;
        }

        var limit = 100;
        if (parameters.TryGetValue("limit", out var rawLimit)
            && (!int.TryParse(rawLimit, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 100))
        {
            return Reject(400, UnifiedParameterError, "Parameter verification failed: limit is 1 to 100");
        }

        string? cursor = null;
        if (parameters.TryGetValue("cursor", out var rawCursor))
        {
            if (!long.TryParse(rawCursor, NumberStyles.None, CultureInfo.InvariantCulture, out var before))
            {
                return Reject(400, UnifiedParameterError, "Parameter verification failed: cursor");
            }

            cursor = before.ToString(CultureInfo.InvariantCulture);
        }

        var symbol = parameters.GetValueOrDefault("symbol");
        var book = call.Book;
        List<OpenOrder> page;
        lock (book.Sync)
        {
            // The cursor is the last order id of the previous page; one more than the page tells whether there is a next.
            page = book.Orders.NewestFirst(cursor)
                .Where(o => (category is null || o.ProductType == category) && (symbol is null || o.Symbol == symbol))
                .Take(limit + 1)
                .ToList();
        }

        var more = page.Count > limit;
        var list = new JsonArray();
        var holdMode = HoldMode(book);
        var now = NowMs();
        foreach (var order in page.Take(limit))
        {
            list.Add(UnifiedOrderItem(order, holdMode, now));
        }

        var data = new JsonObject { ["list"] = Listed(list) };
        if (more)
        {
            data["cursor"] = page[limit - 1].OrderId;
        }
        else if (Quirks.ExhaustedCursor == ExhaustedCursorShape.Empty)
        {
            data["cursor"] = string.Empty;
        }

        return (200, Envelope("00000", "success", data));
    }

    private static JsonObject UnifiedOrderItem(OpenOrder order, string holdMode, string now) => new()
    {
        ["orderId"] = order.OrderId, ["clientOid"] = order.ClientOid, ["category"] = order.ProductType, ["symbol"] = order.Symbol,
        ["orderType"] = "limit", ["side"] = "buy", ["price"] = "100", ["qty"] = "1", ["amount"] = "0", ["cumExecQty"] = "0",
        ["cumExecValue"] = "0", ["avgPrice"] = "0", ["timeInForce"] = "gtc", ["orderStatus"] = "live",
        ["posSide"] = holdMode == "hedge_mode" ? "long" : string.Empty, ["holdMode"] = holdMode, ["reduceOnly"] = "NO",
        ["feeDetail"] = new JsonArray(), ["stpMode"] = "none", ["createdTime"] = now, ["updatedTime"] = now,
    };
}
