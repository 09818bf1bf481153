using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace CancelAll.TestExchange;

/// <summary>Positions: all-position and close-positions (1 request/s per key, as on Bitget).</summary>
public sealed partial class TestExchange
{
    private readonly RequestLog closeLog = new();

    /// <summary>close-positions requests per second per key before HTTP 429; Bitget allows 1. 0 switches the limit off.</summary>
    public int ClosePositionsPerSecondPerKey { get; set; } = 1;

    /// <summary>Opens a position. In one-way mode an account holds one position per symbol; in hedge mode one per side.</summary>
    public HeldPosition AddPosition(string apiKey, string productType, string marginCoin, string symbol, string holdSide, string size = "0.5")
    {
        if (holdSide is not ("long" or "short"))
        {
            throw new ArgumentException("holdSide is long or short.", nameof(holdSide));
        }

        var book = books[apiKey];
        lock (book.Sync)
        {
            if (book.Positions.Any(p => p.ProductType == productType && p.Symbol == symbol && (!book.HedgeMode || p.HoldSide == holdSide)))
            {
                throw new InvalidOperationException($"{symbol} already has that position; one-way mode holds one per symbol, hedge mode one per side.");
            }

            var position = new HeldPosition(productType, marginCoin, symbol, holdSide, size);
            book.Positions.Add(position);
            return position;
        }
    }

    /// <summary>GET /api/v2/mix/position/all-position: productType required, marginCoin optional.</summary>
    private (int Status, JsonObject Body) AllPosition(SignedCall call)
    {
        var query = QueryHelpers.ParseQuery(call.Query);
        if (CheckProductType(call, Single(query, "productType"), out var productType) is { } rejected)
        {
            return rejected;
        }

        var marginCoin = Single(query, "marginCoin");
        var list = new JsonArray();
        var book = call.Book;
        lock (book.Sync)
        {
            foreach (var p in book.Positions.Where(p => p.ProductType == productType && (marginCoin is null || p.MarginCoin.Equals(marginCoin, StringComparison.OrdinalIgnoreCase))))
            {
                list.Add(new JsonObject
                {
                    ["marginCoin"] = p.MarginCoin, ["symbol"] = p.Symbol, ["holdSide"] = p.HoldSide, ["openDelegateSize"] = "0",
                    ["available"] = p.Size, ["locked"] = "0", ["total"] = p.Size, ["leverage"] = "10", ["marginMode"] = "crossed",
                    ["posMode"] = book.HedgeMode ? "hedge_mode" : "one_way_mode",
                });
            }
        }

        return (200, Envelope("00000", "success", list));
    }

    /// <summary>
    /// POST /api/v2/mix/order/close-positions: productType required; symbol optional; holdSide (long, short) closes one side
    /// in hedge mode, both when left out; one-way mode ignores it.
    /// </summary>
    private (int Status, JsonObject Body) ClosePositions(SignedCall call)
    {
        if (!closeLog.Admit(call.Book.Account.ApiKey, ClosePositionsPerSecondPerKey, options.TimeProvider.GetUtcNow()))
        {
            return Reject(429, "429", "Too Many Requests");
        }

        var body = call.JsonBody;
        if (CheckProductType(call, body?["productType"]?.GetValue<string>(), out var productType) is { } rejected)
        {
            return rejected;
        }

        var symbol = body?["symbol"]?.GetValue<string>();
        var holdSide = body?["holdSide"]?.GetValue<string>();
        if (holdSide is not (null or "long" or "short"))
        {
            return Reject(400, "40808", "Parameter verification exception holdSide");
        }

        var success = new JsonArray();
        var failure = new JsonArray();
        var book = call.Book;
        lock (book.Sync)
        {
            var matching = book.Positions.Where(p => p.ProductType == productType
                && (symbol is null || p.Symbol == symbol)
                && (!book.HedgeMode || holdSide is null || p.HoldSide == holdSide)).ToList();
            foreach (var position in matching)
            {
                var id = Interlocked.Increment(ref nextOrderId).ToString(CultureInfo.InvariantCulture);
                if (Faults.TakePositionFailure(position.Symbol, position.HoldSide))
                {
                    failure.Add(new JsonObject { ["orderId"] = id, ["clientOid"] = "close-" + id, ["symbol"] = position.Symbol, ["errorMsg"] = "injected: the position could not be closed", ["errorCode"] = "22003" });
                    continue;
                }

                book.Positions.Remove(position);
                success.Add(new JsonObject { ["orderId"] = id, ["clientOid"] = "close-" + id, ["symbol"] = position.Symbol });
            }
        }

        return (200, Envelope("00000", "success", new JsonObject { ["successList"] = success, ["failureList"] = failure }));
    }
}
