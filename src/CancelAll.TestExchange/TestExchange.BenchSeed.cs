using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CancelAll.TestExchange;

/// <summary>
/// Set-up and inspection for a benchmark that runs the exchange in a process of its own (so that the exchange does not
/// share the measured client's process): POST /_bench/orders, /_bench/strategy-orders and /_bench/positions place what
/// <see cref="AddOrders"/>, <see cref="AddStrategyOrder"/> and <see cref="AddUtaPosition"/> place in process;
/// GET /_bench/book?apiKey=K counts what the account still holds open. Bad input is a 400 that says what to fix.
/// </summary>
public sealed partial class TestExchange
{
    private void MapBenchSeedRoutes()
    {
        app.MapPost("/_bench/orders", (string? apiKey, string? category, string? symbol, int? count) => Seed(apiKey, category, symbol, () =>
        {
            if (count is not (>= 1 and <= 1000))
            {
                throw new ArgumentException($"count is a whole number from 1 to 1000, got '{count}'.", nameof(count));
            }

            var name = CategoryName(category!);
            AddOrders(apiKey!, name, MarginCoinOf(name, symbol!), count.Value, symbol);
        }));
        app.MapPost("/_bench/strategy-orders", (string? apiKey, string? category, string? symbol, string? type, string? posSide) =>
            Seed(apiKey, category, symbol, () => AddStrategyOrder(apiKey!, category!, symbol!, type!, posSide ?? "long")));
        app.MapPost("/_bench/positions", (string? apiKey, string? category, string? symbol, string? posSide) =>
            Seed(apiKey, category, symbol, () => AddUtaPosition(apiKey!, category!, symbol!, posSide ?? "long")));
        app.MapGet("/_bench/book", (string? apiKey) =>
        {
            if (apiKey is null || !books.TryGetValue(apiKey, out var book))
            {
                return UnknownAccount(apiKey);
            }

            return Json(200, new JsonObject
            {
                ["openOrders"] = book.OpenOrders.Count,
                ["openPlans"] = book.OpenPlans.Count,
                ["openStrategyOrders"] = book.OpenStrategyOrders.Count,
                ["openPositions"] = book.OpenPositions.Count,
            });
        });
    }

    private IResult Seed(string? apiKey, string? category, string? symbol, Action seed)
    {
        if (apiKey is null || !books.ContainsKey(apiKey))
        {
            return UnknownAccount(apiKey);
        }

        if (string.IsNullOrWhiteSpace(category))
        {
            return BadRequest("category is required: USDT-FUTURES, COIN-FUTURES or USDC-FUTURES.");
        }

        if (string.IsNullOrWhiteSpace(symbol))
        {
            return BadRequest("symbol is required, such as BTCUSDT.");
        }

        try
        {
            seed();
            return Results.NoContent();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return BadRequest(e.Message);
        }
    }

    private static IResult UnknownAccount(string? apiKey) =>
        BadRequest(string.Create(CultureInfo.InvariantCulture, $"apiKey '{apiKey}' is no account of this exchange: pass the key of an account it was started with (--account)."));

    private static IResult BadRequest(string message) => Results.Content(message, "text/plain", System.Text.Encoding.UTF8, 400);
}
