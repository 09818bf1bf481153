using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.WebUtilities;

namespace CancelAll.TestExchange;

/// <summary>Plan orders and the signed reads: orders-pending, orders-plan-pending, cancel-plan-order.</summary>
public sealed partial class TestExchange
{
    /// <summary>The plan types orders-plan-pending accepts, and the specific types each lists.</summary>
    private static readonly Dictionary<string, string[]> ListablePlanTypes = new(StringComparer.Ordinal)
    {
        ["normal_plan"] = ["normal_plan"],
        ["track_plan"] = ["track_plan"],
        ["profit_loss"] = ["profit_plan", "loss_plan", "pos_profit", "pos_loss", "moving_plan"],
    };

    /// <summary>The plan types cancel-plan-order accepts here (Bitget's documented list, plus track_plan; see docs/bitget-flatten-facts.md).</summary>
    private static readonly HashSet<string> CancellablePlanTypes = new(StringComparer.Ordinal)
    {
        "normal_plan", "track_plan", "profit_plan", "loss_plan", "pos_profit", "pos_loss", "moving_plan",
    };

    /// <summary>Places a pending plan order of <paramref name="planType"/> (normal_plan, track_plan, profit_plan, loss_plan, pos_profit, pos_loss, moving_plan).</summary>
    public PlanOrder AddPlan(string apiKey, string productType, string marginCoin, string planType, string? symbol = null)
    {
        if (!CancellablePlanTypes.Contains(planType))
        {
            throw new ArgumentException($"Unknown plan type {planType}.", nameof(planType));
        }

        var book = books[apiKey];
        lock (book.Sync)
        {
            var order = NewOrder(productType, marginCoin, symbol);
            var plan = new PlanOrder(order.OrderId, order.ClientOid, productType, marginCoin, order.Symbol, planType, "0.01");
            book.Plans.Add(plan);
            return plan;
        }
    }

    private void MapFlattenRoutes()
    {
        app.MapGet("/api/v2/mix/order/orders-pending", SignedEndpoint(OrdersPending));
        app.MapGet("/api/v2/mix/order/orders-plan-pending", SignedEndpoint(OrdersPlanPending));
        app.MapPost("/api/v2/mix/order/cancel-plan-order", SignedEndpoint(CancelPlanOrder));
        app.MapGet("/api/v2/mix/position/all-position", SignedEndpoint(AllPosition));
        app.MapPost("/api/v2/mix/order/close-positions", SignedEndpoint(ClosePositions));
    }

    /// <summary>GET /api/v2/mix/order/orders-pending: productType required; symbol, idLessThan, limit (at most 100).</summary>
    private (int Status, JsonObject Body) OrdersPending(SignedCall call)
    {
        var query = QueryHelpers.ParseQuery(call.Query);
        if (CheckProductType(call, Single(query, "productType"), out var productType) is { } rejected)
        {
            return rejected;
        }

        if (Page(query) is not { } page)
        {
            return Reject(400, "40808", "Parameter verification exception limit");
        }

        var symbol = Single(query, "symbol");
        List<(string Id, JsonObject Json)> rows;
        lock (call.Book.Sync)
        {
            rows = call.Book.Orders.NewestFirst(page.IdLessThan)
                .Where(o => o.ProductType == productType && (symbol is null || o.Symbol == symbol))
                .Take(page.Limit)
                .Select(o => (o.OrderId, new JsonObject
                {
                    ["orderId"] = o.OrderId, ["clientOid"] = o.ClientOid, ["symbol"] = o.Symbol, ["marginCoin"] = o.MarginCoin,
                    ["size"] = "1", ["side"] = "buy", ["status"] = "live", ["orderType"] = "limit",
                }))
                .ToList();
        }

        return (200, Envelope("00000", "success", PageOf(rows)));
    }

    /// <summary>GET /api/v2/mix/order/orders-plan-pending: planType (normal_plan, track_plan, profit_loss) and productType required.</summary>
    private (int Status, JsonObject Body) OrdersPlanPending(SignedCall call)
    {
        var query = QueryHelpers.ParseQuery(call.Query);
        var planType = Single(query, "planType");
        if (planType is null)
        {
            return Reject(400, "40017", "Parameter planType cannot be empty");
        }

        if (!ListablePlanTypes.TryGetValue(planType, out var types))
        {
            return Reject(400, "40808", "Parameter verification exception planType");
        }

        if (CheckProductType(call, Single(query, "productType"), out var productType) is { } rejected)
        {
            return rejected;
        }

        if (Page(query) is not { } page)
        {
            return Reject(400, "40808", "Parameter verification exception limit");
        }

        var symbol = Single(query, "symbol");
        List<(string Id, JsonObject Json)> rows;
        lock (call.Book.Sync)
        {
            rows = call.Book.Plans.NewestFirst(page.IdLessThan)
                .Where(p => p.ProductType == productType && types.Contains(p.PlanType) && (symbol is null || p.Symbol == symbol))
                .Take(page.Limit)
                .Select(p => (p.OrderId, new JsonObject
                {
                    ["planType"] = p.PlanType, ["symbol"] = p.Symbol, ["size"] = p.Size, ["orderId"] = p.OrderId,
                    ["clientOid"] = p.ClientOid, ["marginCoin"] = p.MarginCoin, ["planStatus"] = "live", ["side"] = "buy",
                }))
                .ToList();
        }

        return (200, Envelope("00000", "success", PageOf(rows)));
    }

    /// <summary>
    /// POST /api/v2/mix/order/cancel-plan-order: productType required; marginCoin, symbol, planType (default normal_plan),
    /// orderIdList optional. Cancels the matching plan orders of that one type.
    /// </summary>
    private (int Status, JsonObject Body) CancelPlanOrder(SignedCall call)
    {
        var body = call.JsonBody;
        if (CheckProductType(call, body?["productType"]?.GetValue<string>(), out var productType) is { } rejected)
        {
            return rejected;
        }

        var marginCoin = body?["marginCoin"]?.GetValue<string>();
        if (marginCoin is not null && (marginCoin.Length == 0 || !marginCoin.Equals(marginCoin.ToUpperInvariant(), StringComparison.Ordinal)))
        {
            return Reject(400, "40808", "Parameter verification exception marginCoin");
        }

        var planType = body?["planType"]?.GetValue<string>() ?? "normal_plan";
        if (!CancellablePlanTypes.Contains(planType) || Faults.RejectedCancelPlanTypes.ContainsKey(planType))
        {
            return Reject(400, "40808", "Parameter verification exception planType");
        }

        var symbol = body?["symbol"]?.GetValue<string>();
        var ids = (body?["orderIdList"] as JsonArray)?.Select(i => i?["orderId"]?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.Ordinal);
        if (ids is not null && symbol is null)
        {
            return Reject(400, "40017", "Parameter symbol cannot be empty when orderIdList is given");
        }

        var success = new JsonArray();
        var failure = new JsonArray();
        var book = call.Book;
        lock (book.Sync)
        {
            var matching = book.Plans.Where(p => p.ProductType == productType && p.PlanType == planType
                && (marginCoin is null || p.MarginCoin == marginCoin)
                && (symbol is null || p.Symbol == symbol)
                && (ids is null || ids.Contains(p.OrderId))).ToList();
            foreach (var plan in matching)
            {
                if (Faults.FailingOrders.TryGetValue(plan.OrderId, out var reason))
                {
                    failure.Add(new JsonObject { ["orderId"] = plan.OrderId, ["clientOid"] = plan.ClientOid, ["errorMsg"] = reason, ["errorCode"] = "22002" });
                    continue;
                }

                book.Plans.Remove(plan);
                success.Add(new JsonObject { ["orderId"] = plan.OrderId, ["clientOid"] = plan.ClientOid });
            }
        }

        return (200, Envelope("00000", "success", new JsonObject { ["successList"] = success, ["failureList"] = failure }));
    }

    private static string? Single(Dictionary<string, Microsoft.Extensions.Primitives.StringValues> query, string name) =>
        query.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    private static (int Limit, string? IdLessThan)? Page(Dictionary<string, Microsoft.Extensions.Primitives.StringValues> query)
    {
        var limit = 100;
        if (Single(query, "limit") is { } rawLimit && (!int.TryParse(rawLimit, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 100))
        {
            return null;
        }

        string? before = null;
        if (Single(query, "idLessThan") is { } rawId)
        {
            if (!long.TryParse(rawId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return null;
            }

            before = id.ToString(CultureInfo.InvariantCulture);
        }

        return (limit, before);
    }

    /// <summary>One page as Bitget answers it: the rows (newest first, older than the cursor, at most the limit) and the last id as endId.</summary>
    private static JsonObject PageOf(List<(string Id, JsonObject Json)> page)
    {
        var list = new JsonArray();
        foreach (var row in page)
        {
            list.Add(row.Json);
        }

        // Bitget answers an empty list as null.
        return new JsonObject
        {
            ["entrustedList"] = page.Count == 0 ? null : list,
            ["endId"] = page.Count == 0 ? null : page[^1].Id,
        };
    }
}
