namespace CancelAll.Core.Commands;

/// <summary>
/// Turns what a user writes into validated targets. Each product type may carry its own margin coin
/// (<c>COIN-FUTURES:BTC</c>); <c>all</c> means every product type, with COIN-FUTURES once per coin in
/// <paramref name="coinFuturesMarginCoins"/> because Bitget cancels coin-margined orders one margin coin at a time.
/// </summary>
internal static class TargetParser
{
    public static readonly IReadOnlyList<string> DefaultCoinFuturesMarginCoins = ["BTC", "ETH"];

    /// <summary>
    /// The most targets one command may name. Every target costs calls under the account's rate limit, so a command
    /// with hundreds of targets would hold that account's kills for minutes; Bitget has 3 futures product types and
    /// a handful of coin margins, so real commands name far fewer.
    /// </summary>
    public const int MaxTargets = 50;

    public static IReadOnlyList<CancelTarget> Parse(
        IEnumerable<string> productTypes,
        string? marginCoin,
        bool demo,
        IReadOnlyList<string>? coinFuturesMarginCoins = null)
    {
        const string field = "productType";
        ArgumentNullException.ThrowIfNull(productTypes);
        var coins = coinFuturesMarginCoins is { Count: > 0 } ? coinFuturesMarginCoins : DefaultCoinFuturesMarginCoins;
        var targets = new List<CancelTarget>();
        var given = productTypes.SelectMany(p => p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (given.Count == 0)
        {
            throw new CommandValidationException(field, $"{field} is missing: give USDT-FUTURES, COIN-FUTURES:BTC, USDC-FUTURES, or all.");
        }

        foreach (var item in given)
        {
            if (item.Equals("all", StringComparison.OrdinalIgnoreCase))
            {
                var environment = demo ? TradingEnvironment.Demo : TradingEnvironment.Live;
                targets.Add(CancelTarget.Create(ProductType.UsdtFutures, marginCoin, environment));
                targets.Add(CancelTarget.Create(ProductType.UsdcFutures, marginCoin, environment));
                targets.AddRange(marginCoin is null
                    ? coins.Select(c => CancelTarget.Create(ProductType.CoinFutures, c, environment))
                    : [CancelTarget.Create(ProductType.CoinFutures, marginCoin, environment)]);
                continue;
            }

            var (name, ownCoin) = item.Split(':', 2) is [var n, var c] ? (n, c) : (item, null);
            if (!ProductTypes.TryParse(name, out var productType, out var prefixed))
            {
                throw new CommandValidationException(field, $"{field} '{CancelTarget.Printable(name)}' is not a Bitget futures product type: use USDT-FUTURES, COIN-FUTURES, USDC-FUTURES (S-prefixed for the old demo setup) or all.");
            }

            if (prefixed && demo)
            {
                throw new CommandValidationException(field, $"{field} '{CancelTarget.Printable(name)}' is an S-prefixed demo product type, which must not be combined with demo: true (the two demo setups do not mix). Drop one of them.");
            }

            var env = prefixed ? TradingEnvironment.DemoPrefixed : demo ? TradingEnvironment.Demo : TradingEnvironment.Live;
            targets.Add(CancelTarget.Create(productType, ownCoin ?? marginCoin, env));
        }

        return WithinCap(targets.Distinct().ToList());
    }

    /// <summary>The targets, or a validation error naming the cap when there are more than <see cref="MaxTargets"/>.</summary>
    public static IReadOnlyList<CancelTarget> WithinCap(IReadOnlyList<CancelTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return targets.Count <= MaxTargets
            ? targets
            : throw new CommandValidationException("productType", $"The command names {targets.Count} targets (product type and margin coin pairs); at most {MaxTargets} are allowed in one command. Split it into several commands, or use all.");
    }
}
