namespace CancelAll.Core.Commands;

/// <summary>
/// One thing to cancel: a product type, optionally narrowed to one margin coin, in one environment.
/// Create it through <see cref="Create"/>, which validates and normalizes.
/// </summary>
public sealed record CancelTarget
{
    private CancelTarget(ProductType productType, string? marginCoin, TradingEnvironment environment)
    {
        ProductType = productType;
        MarginCoin = marginCoin;
        Environment = environment;
    }

    public ProductType ProductType { get; }

    /// <summary>Upper-case margin coin as Bitget expects it (USDT, BTC, SUSDT), or null for every coin.</summary>
    public string? MarginCoin { get; }

    public TradingEnvironment Environment { get; }

    public string WireProductType => ProductType.WireName(Environment);

    /// <summary>
    /// Validates a target. The margin coin is trimmed and upper-cased; it must be 2-10 letters or digits.
    /// COIN-FUTURES needs a margin coin, because Bitget rejects its cancel-all without one (40808).
    /// </summary>
    public static CancelTarget Create(ProductType productType, string? marginCoin, TradingEnvironment environment)
    {
        string? coin = null;
        if (marginCoin is not null)
        {
            coin = marginCoin.Trim().ToUpperInvariant();
            if (coin.Length == 0)
            {
                throw new CommandValidationException("marginCoin", "marginCoin is empty: give a coin such as USDT or BTC, or leave the field out.");
            }

            if (coin.Length is < 2 or > 10 || !coin.All(char.IsAsciiLetterOrDigit))
            {
                throw new CommandValidationException("marginCoin", $"marginCoin '{Printable(marginCoin)}' is not a coin symbol: use 2-10 letters or digits, such as USDT or BTC.");
            }
        }

        if (productType == ProductType.CoinFutures && coin is null)
        {
            throw new CommandValidationException("marginCoin", "COIN-FUTURES needs marginCoin (for example BTC or ETH): Bitget rejects a coin-margined cancel-all without it.");
        }

        return new CancelTarget(productType, coin, environment);
    }

    /// <summary>A demo-flagged account always trades in demo: a live target becomes a paptrading one.</summary>
    public CancelTarget ForDemoAccount(bool accountIsDemo) =>
        accountIsDemo && Environment == TradingEnvironment.Live ? new CancelTarget(ProductType, MarginCoin, TradingEnvironment.Demo) : this;

    public override string ToString() =>
        $"{WireProductType}{(MarginCoin is null ? string.Empty : "/" + MarginCoin)}{(Environment == TradingEnvironment.Demo ? " (demo)" : string.Empty)}";

    // Echo user input in messages, but never let it carry control characters or grow without bound.
    internal static string Printable(string value)
    {
        var clean = new string(value.Where(c => !char.IsControl(c)).Take(40).ToArray());
        return value.Length > 40 ? clean + "…" : clean;
    }
}
