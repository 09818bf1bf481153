using System.Globalization;
using System.Text.Json.Nodes;

namespace CancelAll.TestExchange;

/// <summary>V3 positions: current-position and close-positions, on the same positions as V2 (hedge or one-way per account).</summary>
public sealed partial class TestExchange
{
    /// <summary>
    /// Opens a position on a unified account (the same positions V2 sees): <paramref name="category"/> in either case,
    /// <paramref name="posSide"/> long or short. The margin coin follows from the category and symbol.
    /// </summary>
    public HeldPosition AddUtaPosition(string apiKey, string category, string symbol, string posSide, string size = "0.5")
    {
        var name = CategoryName(category);
        return AddPosition(apiKey, name, MarginCoinOf(name, symbol), symbol, posSide, size);
    }

    /// <summary>GET /api/v3/position/current-position: category required; symbol, posSide (long, short) optional. Answers <c>{list:[...]}</c>.</summary>
    private (int Status, JsonObject Body) CurrentPosition(SignedCall call, Dictionary<string, string> parameters)
    {
        if (UnifiedCategory(parameters, required: true, out var category) is { } rejected)
        {
            return rejected;
        }

        if (PosSide(parameters, out var posSide) is { } rejectedSide)
        {
            return rejectedSide;
        }

        var symbol = parameters.GetValueOrDefault("symbol");
        var list = new JsonArray();
        var book = call.Book;
        var now = NowMs();
        lock (book.Sync)
        {
            foreach (var p in book.Positions.Where(p => p.ProductType == category && (symbol is null || p.Symbol == symbol) && (posSide is null || p.HoldSide == posSide)))
            {
                list.Add(new JsonObject
                {
                    ["category"] = p.ProductType, ["symbol"] = p.Symbol, ["marginCoin"] = p.MarginCoin, ["holdMode"] = HoldMode(book),
                    ["posSide"] = p.HoldSide, ["marginMode"] = "crossed", ["positionBalance"] = "50", ["available"] = p.Size, ["frozen"] = "0",
                    ["total"] = p.Size, ["leverage"] = "10", ["curRealisedPnl"] = "0", ["avgPrice"] = "100", ["positionStatus"] = "normal",
                    ["unrealisedPnl"] = "0", ["liquidationPrice"] = "0", ["mmr"] = "0", ["profitRate"] = "0", ["markPrice"] = "100",
                    ["breakEvenPrice"] = "100", ["totalFunding"] = "0", ["openFeeTotal"] = "0", ["closeFeeTotal"] = "0",
                    ["createdTime"] = now, ["updatedTime"] = now,
                });
            }
        }

        return (200, Envelope("00000", "success", new JsonObject { ["list"] = Listed(list) }));
    }

    /// <summary>
    /// POST /api/v3/trade/close-positions: category required; symbol optional; posSide (long, short) closes that side only.
    /// Answers <c>{list:[{orderId, clientOid}]}</c>, failures with <c>code</c> and <c>msg</c>; nothing to close is HTTP 400 code 25227.
    /// </summary>
    private (int Status, JsonObject Body) CloseUnifiedPositions(SignedCall call, Dictionary<string, string> parameters)
    {
        if (UnifiedCategory(parameters, required: true, out var category) is { } rejected)
        {
            return rejected;
        }

        if (PosSide(parameters, out var posSide) is { } rejectedSide)
        {
            return rejectedSide;
        }

        var symbol = parameters.GetValueOrDefault("symbol");
        var list = new JsonArray();
        var book = call.Book;
        lock (book.Sync)
        {
            var sideFilters = posSide is not null && (book.HedgeMode || !Quirks.OneWayCloseIgnoresPosSide);
            var matching = book.Positions
                .Where(p => p.ProductType == category && (symbol is null || p.Symbol == symbol) && (!sideFilters || p.HoldSide == posSide))
                .ToList();
            if (matching.Count == 0)
            {
                return Reject(400, "25227", "No position to close");
            }

            foreach (var position in matching)
            {
                var id = Interlocked.Increment(ref nextOrderId).ToString(CultureInfo.InvariantCulture);
                if (Faults.TakePositionFailure(position.Symbol, position.HoldSide))
                {
                    list.Add(new JsonObject { ["orderId"] = id, ["clientOid"] = "close-" + id, ["code"] = InjectedFailureCode, ["msg"] = "injected: the position could not be closed" });
                    continue;
                }

                book.Positions.Remove(position);
                list.Add(new JsonObject { ["orderId"] = id, ["clientOid"] = "close-" + id });
            }
        }

        return (200, Envelope("00000", "success", new JsonObject { ["list"] = list }));
    }

    /// <summary>Reads the optional <c>posSide</c>: long or short.</summary>
    private static (int Status, JsonObject Body)? PosSide(Dictionary<string, string> parameters, out string? posSide)
    {
        posSide = parameters.GetValueOrDefault("posSide");
        return posSide is null or "long" or "short" ? null : Reject(400, UnifiedParameterError, "Parameter verification failed: posSide is long or short");
    }
}
