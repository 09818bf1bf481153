using System.ComponentModel.DataAnnotations;

namespace CancelAll.Core.Input;

/// <summary>Settings shared by every input. Section <c>CancelAll</c>.</summary>
public sealed class InputOptions
{
    public const string Section = "CancelAll";

    /// <summary>
    /// Comma-separated margin coins that <c>all</c> cancels COIN-FUTURES for, because Bitget cancels
    /// coin-margined orders one margin coin at a time. List every coin the account trades coin-margined.
    /// </summary>
    [Required]
    public string CoinFuturesMarginCoins { get; set; } = "BTC,ETH";

    public IReadOnlyList<string> CoinFuturesMarginCoinList =>
        CoinFuturesMarginCoins.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(c => c.ToUpperInvariant()).ToList();
}
