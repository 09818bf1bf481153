namespace CancelAll.Core.Commands;

public static class ProductTypes
{
    public static IReadOnlyList<ProductType> All { get; } = [ProductType.UsdtFutures, ProductType.CoinFutures, ProductType.UsdcFutures];

    /// <summary>The name Bitget uses on the wire, for the given environment.</summary>
    public static string WireName(this ProductType productType, TradingEnvironment environment)
    {
        var name = productType switch
        {
            ProductType.UsdtFutures => "USDT-FUTURES",
            ProductType.CoinFutures => "COIN-FUTURES",
            ProductType.UsdcFutures => "USDC-FUTURES",
            _ => throw new ArgumentOutOfRangeException(nameof(productType), productType, null),
        };
        return environment == TradingEnvironment.DemoPrefixed ? "S" + name : name;
    }

    /// <summary>The name as users write it (USDT-FUTURES), without any demo prefix.</summary>
    public static string DisplayName(this ProductType productType) => productType.WireName(TradingEnvironment.Live);

    /// <summary>
    /// Parses USDT-FUTURES, usdt-futures or usdt; an S-prefixed name (SUSDT-FUTURES) also reports the prefixed demo environment.
    /// </summary>
    public static bool TryParse(string? text, out ProductType productType, out bool demoPrefixed)
    {
        productType = default;
        demoPrefixed = false;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var name = text.Trim().ToUpperInvariant();
        if (name.Length > 1 && name[0] == 'S' && name.EndsWith("-FUTURES", StringComparison.Ordinal))
        {
            demoPrefixed = true;
            name = name[1..];
        }

        switch (name)
        {
            case "USDT-FUTURES" or "USDT":
                productType = ProductType.UsdtFutures;
                return true;
            case "COIN-FUTURES" or "COIN":
                productType = ProductType.CoinFutures;
                return true;
            case "USDC-FUTURES" or "USDC":
                productType = ProductType.UsdcFutures;
                return true;
            default:
                demoPrefixed = false;
                return false;
        }
    }
}
