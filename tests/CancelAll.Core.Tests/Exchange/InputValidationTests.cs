using CancelAll.Core.Commands;
using CancelAll.Core.Exchange;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Tests.Exchange;

public class InputValidationTests
{
    [Theory]
    [InlineData("SPOT")]
    [InlineData("USDT-PERP")]
    [InlineData("")]
    public void Unknown_product_type_names_the_field(string productType)
    {
        var e = Assert.Throws<CommandValidationException>(() => TargetParser.Parse([productType], null, demo: false));
        Assert.Equal("productType", e.Field);
        Assert.Contains("productType", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_may_name_at_most_the_documented_number_of_targets()
    {
        string Coin(int i) => "C" + (char)('A' + (i / 26)) + (char)('A' + (i % 26));
        var atCap = Enumerable.Range(0, TargetParser.MaxTargets).Select(i => "COIN-FUTURES:" + Coin(i)).ToList();
        Assert.Equal(TargetParser.MaxTargets, TargetParser.Parse(atCap, null, demo: false).Count);

        // The same target twice counts once; one more distinct target is refused, naming the cap.
        Assert.Equal(TargetParser.MaxTargets, TargetParser.Parse([.. atCap, atCap[0]], null, demo: false).Count);
        var e = Assert.Throws<CommandValidationException>(() => TargetParser.Parse([.. atCap, "COIN-FUTURES:" + Coin(TargetParser.MaxTargets)], null, demo: false));
        Assert.Equal("productType", e.Field);
        Assert.Contains($"at most {TargetParser.MaxTargets}", e.Message, StringComparison.Ordinal);
        Assert.Contains("51 targets", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("US DT")]
    [InlineData("u")]
    public void Empty_or_malformed_margin_coin_names_the_field(string coin)
    {
        var e = Assert.Throws<CommandValidationException>(() => CancelTarget.Create(ProductType.UsdtFutures, coin, TradingEnvironment.Live));
        Assert.Equal("marginCoin", e.Field);
    }

    [Fact]
    public void Coin_futures_without_a_margin_coin_is_a_clear_error()
    {
        var e = Assert.Throws<CommandValidationException>(() => TargetParser.Parse(["COIN-FUTURES"], null, demo: false));
        Assert.Equal("marginCoin", e.Field);
        Assert.Contains("COIN-FUTURES needs marginCoin", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lower_case_margin_coin_is_normalized_to_upper_case()
    {
        Assert.Equal("BTC", CancelTarget.Create(ProductType.CoinFutures, " btc ", TradingEnvironment.Live).MarginCoin);
    }

    [Fact]
    public void All_expands_to_every_product_type_and_coin_futures_per_margin_coin()
    {
        var targets = TargetParser.Parse(["all"], null, demo: true);
        Assert.Equal(
            ["USDT-FUTURES", "USDC-FUTURES", "COIN-FUTURES/BTC", "COIN-FUTURES/ETH"],
            targets.Select(t => t.ProductType.DisplayName() + (t.MarginCoin is null ? string.Empty : "/" + t.MarginCoin)));
        Assert.All(targets, t => Assert.Equal(TradingEnvironment.Demo, t.Environment));
    }

    [Fact]
    public void S_prefixed_product_types_select_the_prefixed_demo_and_refuse_demo_true()
    {
        Assert.Equal(TradingEnvironment.DemoPrefixed, Assert.Single(TargetParser.Parse(["SUSDT-FUTURES"], "SUSDT", demo: false)).Environment);
        Assert.Throws<CommandValidationException>(() => TargetParser.Parse(["SUSDT-FUTURES"], null, demo: true));
    }

    [Theory]
    [InlineData("00:01:00")]
    [InlineData("00:02:00")]
    [InlineData("00:00:00")]
    public void Receive_window_of_sixty_seconds_or_more_stops_start_up_naming_the_setting(string window)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddBitgetExchange(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["CancelAll:Exchange:ReceiveWindow"] = window }).Build())
            .BuildServiceProvider();
        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ExchangeOptions>>().Value);
        Assert.Contains("CancelAll:Exchange:ReceiveWindow", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Relative_base_url_stops_start_up_naming_the_setting()
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddBitgetExchange(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["CancelAll:Exchange:BaseUrl"] = "ftp://example" }).Build())
            .BuildServiceProvider();
        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ExchangeOptions>>().Value);
        Assert.Contains("CancelAll:Exchange:BaseUrl", e.Message, StringComparison.Ordinal);
    }
}
