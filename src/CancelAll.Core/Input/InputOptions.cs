using System.ComponentModel.DataAnnotations;

namespace CancelAll.Core.Input;

/// <summary>Settings shared by every input. Section <c>CancelAll</c>.</summary>
public sealed class InputOptions : IValidatableObject
{
    public const string Section = "CancelAll";

    /// <summary>
    /// The margin coins that <c>all</c> cancels COIN-FUTURES for, because Bitget cancels coin-margined orders one margin
    /// coin at a time. List every coin the account trades coin-margined (an array, or one comma-separated value).
    /// </summary>
    [Required]
    public string[] CoinFuturesMarginCoins { get; set; } = ["BTC", "ETH"];

    public IReadOnlyList<string> CoinFuturesMarginCoinList =>
        CoinFuturesMarginCoins.Select(c => c.Trim().ToUpperInvariant()).Where(c => c.Length > 0).ToList();

    /// <summary>Run by the generated validator (MinLength would need reflection).</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (CoinFuturesMarginCoinList.Count == 0)
        {
            yield return new ValidationResult("The list is empty: give at least one margin coin, for example BTC,ETH.", [nameof(CoinFuturesMarginCoins)]);
        }
    }
}
