using System.Globalization;
using System.Text.Json.Nodes;

namespace CancelAll.TestExchange;

public sealed partial class TestExchange
{
    private static readonly string[] ProductTypes = ["USDT-FUTURES", "COIN-FUTURES", "USDC-FUTURES"];

    /// <summary>POST /api/v2/mix/order/cancel-all-orders.</summary>
    private (int Status, JsonObject Body) CancelAllOrders(SignedCall call)
    {
        var body = call.JsonBody;
        var rawProductType = body?["productType"]?.GetValue<string>();
        if (CheckProductType(call, rawProductType, out var productType) is { } rejected)
        {
            return rejected;
        }

        var marginCoin = body?["marginCoin"]?.GetValue<string>();
        if (marginCoin is not null && (marginCoin.Length == 0 || !marginCoin.Equals(marginCoin.ToUpperInvariant(), StringComparison.Ordinal)))
        {
            return Reject(400, "40808", "Parameter verification exception marginCoin");
        }

        if (productType == "COIN-FUTURES" && marginCoin is null)
        {
            return Reject(400, "40808", "Parameter verification exception marginCoin");
        }

        if (body?["receiveWindow"]?.GetValue<string>() is { } window
            && (!long.TryParse(window, NumberStyles.None, CultureInfo.InvariantCulture, out var windowMs) || windowMs >= 60_000))
        {
            return Reject(400, "40079", "receiveWindow cannot be greater than 60000");
        }

        var book = call.Book;
        var success = new JsonArray();
        var failure = new JsonArray();
        lock (book.Sync)
        {
            var matching = book.Orders.Where(o => o.ProductType == productType && (marginCoin is null || o.MarginCoin == marginCoin)).ToList();
            if (matching.Count == 0)
            {
                return (200, Envelope("22001", "No order to cancel", null));
            }

            foreach (var order in matching)
            {
                if (Faults.FailingOrders.TryGetValue(order.OrderId, out var reason))
                {
                    failure.Add(new JsonObject { ["orderId"] = order.OrderId, ["clientOid"] = order.ClientOid, ["errorMsg"] = reason, ["errorCode"] = "22002" });
                    continue;
                }

                book.Orders.Remove(order);
                success.Add(new JsonObject { ["orderId"] = order.OrderId, ["clientOid"] = order.ClientOid });
            }

            var refill = book.RefillAfterCancel > 0 && book.TakeRefillRound() ? book.RefillAfterCancel : 0;
            for (var i = 0; i < refill; i++)
            {
                book.Orders.Add(NewOrder(productType!, marginCoin ?? matching[0].MarginCoin, null));
            }
        }

        return (200, Envelope("00000", "success", new JsonObject { ["successList"] = success, ["failureList"] = failure }));
    }

    /// <summary>
    /// Checks the product type and the demo/live environment as Bitget does. S-prefixed product types are the
    /// separate demo setup: they need a demo key and no paptrading header; normal ones need the header exactly for demo keys.
    /// </summary>
    private static (int Status, JsonObject Body)? CheckProductType(SignedCall call, string? raw, out string? productType)
    {
        productType = null;
        if (raw is null)
        {
            return Reject(400, "40017", "Parameter productType cannot be empty");
        }

        var prefixed = raw.Length > 1 && raw[0] == 'S' && ProductTypes.Contains(raw[1..]);
        var name = prefixed ? raw[1..] : raw;
        if (!ProductTypes.Contains(name))
        {
            return Reject(400, "40017", "Parameter verification exception productType");
        }

        var demoRequest = prefixed || call.PaperTrading;
        if (demoRequest != call.Book.Account.Demo || (prefixed && call.PaperTrading))
        {
            return Reject(400, "40099", "The current environment is incorrect");
        }

        productType = name;
        return null;
    }
}
