using System.Net;
using System.Text.Json;

namespace CancelAll.Core.Tests.TestExchangeTests;

/// <summary>
/// The /_bench seeding hooks a benchmark uses when the exchange runs in a process of its own: what they place is what
/// the in-process methods place, the book count tells what is open, and bad input is a 400 that names the fix.
/// </summary>
public class BenchSeedTests
{
    private const string Key = ExchangeFixture.ApiKey;

    [Fact]
    public async Task Seeding_over_http_places_orders_strategy_orders_and_positions_and_the_book_counts_them()
    {
        await using var fixture = await ExchangeFixture.StartAsync();
        using var http = new HttpClient { BaseAddress = fixture.Exchange.BaseUri };

        var orders = await http.PostAsync(new Uri($"_bench/orders?apiKey={Key}&category=USDT-FUTURES&symbol=BTCUSDT&count=3", UriKind.Relative), null);
        var trigger = await http.PostAsync(new Uri($"_bench/strategy-orders?apiKey={Key}&category=USDT-FUTURES&symbol=BTCUSDT&type=trigger", UriKind.Relative), null);
        var tpsl = await http.PostAsync(new Uri($"_bench/strategy-orders?apiKey={Key}&category=USDT-FUTURES&symbol=ETHUSDT&type=tpsl&posSide=short", UriKind.Relative), null);
        var position = await http.PostAsync(new Uri($"_bench/positions?apiKey={Key}&category=USDT-FUTURES&symbol=BTCUSDT&posSide=long", UriKind.Relative), null);
        var book = JsonDocument.Parse(await http.GetStringAsync(new Uri($"_bench/book?apiKey={Key}", UriKind.Relative))).RootElement;

        Assert.All(new[] { orders, trigger, tpsl, position }, r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));
        Assert.Equal(["BTCUSDT", "BTCUSDT", "BTCUSDT"], fixture.Book.OpenOrders.Select(o => o.Symbol));
        Assert.Equal([("BTCUSDT", "trigger", "long"), ("ETHUSDT", "tpsl", "short")], fixture.Book.OpenStrategyOrders.Select(s => (s.Symbol, s.Type, s.PosSide)));
        Assert.Equal(["BTCUSDT"], fixture.Book.OpenPositions.Select(p => p.Symbol));
        Assert.Equal(3, book.GetProperty("openOrders").GetInt32());
        Assert.Equal(2, book.GetProperty("openStrategyOrders").GetInt32());
        Assert.Equal(1, book.GetProperty("openPositions").GetInt32());
        Assert.Equal(0, book.GetProperty("openPlans").GetInt32());
    }

    [Theory]
    [InlineData("_bench/orders?apiKey=nobody&category=USDT-FUTURES&symbol=BTCUSDT&count=1", "apiKey 'nobody' is no account of this exchange")]
    [InlineData("_bench/orders?apiKey=" + Key + "&category=USDT-FUTURES&symbol=BTCUSDT&count=0", "count is a whole number from 1 to 1000")]
    [InlineData("_bench/orders?apiKey=" + Key + "&symbol=BTCUSDT&count=1", "category is required")]
    [InlineData("_bench/strategy-orders?apiKey=" + Key + "&category=SPOT&symbol=BTCUSDT&type=tpsl", "Unknown category SPOT")]
    [InlineData("_bench/strategy-orders?apiKey=" + Key + "&category=USDT-FUTURES&type=tpsl", "symbol is required")]
    [InlineData("_bench/positions?apiKey=" + Key + "&category=USDT-FUTURES&symbol=BTCUSDT&posSide=up", "long or short")]
    public async Task Bad_seeding_input_is_a_400_that_says_what_to_fix_and_places_nothing(string request, string expected)
    {
        await using var fixture = await ExchangeFixture.StartAsync();
        using var http = new HttpClient { BaseAddress = fixture.Exchange.BaseUri };

        using var answer = await http.PostAsync(new Uri(request, UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains(expected, await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(fixture.Book.OpenOrders);
        Assert.Empty(fixture.Book.OpenStrategyOrders);
        Assert.Empty(fixture.Book.OpenPositions);
    }

    [Fact]
    public async Task The_book_of_an_unknown_key_is_a_400_naming_the_key()
    {
        await using var fixture = await ExchangeFixture.StartAsync();
        using var http = new HttpClient { BaseAddress = fixture.Exchange.BaseUri };

        using var answer = await http.GetAsync(new Uri("_bench/book?apiKey=nobody", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("apiKey 'nobody'", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
