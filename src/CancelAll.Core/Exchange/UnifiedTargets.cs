using CancelAll.Core.Commands;

namespace CancelAll.Core.Exchange;

/// <summary>
/// How a target maps onto a unified account, which V3 addresses by category only (no marginCoin parameter, no
/// S-prefixed demo categories). The rule, so that a command never cancels more or less than it asked for:
/// USDT-FUTURES and USDC-FUTURES settle in one coin each, so the whole category is the target (a margin coin other
/// than that coin matches nothing and is rejected); COIN-FUTURES with margin coin X is exactly the symbols X settles
/// in (XUSD, XUSD_...), cancelled symbol by symbol.
/// </summary>
internal static class UnifiedTargets
{
    /// <summary>
    /// The symbol filter for <paramref name="target"/>: null for the whole category, or a test that keeps the target's
    /// symbols. Throws a <see cref="CommandValidationException"/> for a target V3 cannot address as asked.
    /// </summary>
    public static Func<string?, bool>? SymbolFilter(CancelTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Environment == TradingEnvironment.DemoPrefixed)
        {
            throw new CommandValidationException("productType", $"{target.WireProductType}: S-prefixed demo product types do not exist for unified accounts. Use demo: true (Bitget's paptrading header) with {target.ProductType.DisplayName()}.");
        }

        var coin = target.MarginCoin;
        switch (target.ProductType)
        {
            case ProductType.CoinFutures:
                var prefix = coin + "USD";
                return symbol => symbol is not null && symbol.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                    && (symbol.Length == prefix.Length || symbol[prefix.Length] == '_');
            default:
                var settles = target.ProductType == ProductType.UsdtFutures ? "USDT" : "USDC";
                if (coin is not null && coin != settles)
                {
                    throw new CommandValidationException("marginCoin", $"{target.ProductType.DisplayName()} on a unified account settles in {settles} only: marginCoin {coin} matches nothing. Leave marginCoin out, or use {settles}.");
                }

                return null;
        }
    }
}
