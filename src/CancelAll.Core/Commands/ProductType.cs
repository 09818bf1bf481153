namespace CancelAll.Core.Commands;

/// <summary>The Bitget futures product lines a cancel-all can target.</summary>
public enum ProductType
{
    UsdtFutures,
    CoinFutures,
    UsdcFutures,
}
