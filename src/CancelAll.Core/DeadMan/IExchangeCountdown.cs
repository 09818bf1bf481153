using CancelAll.Core.Credentials;

namespace CancelAll.Core.DeadMan;

/// <summary>
/// Bitget's exchange-side dead-man switch for Unified Trading Accounts (<c>POST /api/v3/trade/countdown-cancel-all</c>):
/// unless it is refreshed within the countdown, the exchange cancels the account's orders, even when this app is down.
/// </summary>
public interface IExchangeCountdown
{
    /// <summary>Shortest countdown Bitget accepts.</summary>
    const int MinSeconds = 5;

    /// <summary>Longest countdown Bitget accepts.</summary>
    const int MaxSeconds = 60;

    /// <summary>Bitget allows one countdown call per second per account.</summary>
    static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);

    /// <summary>Starts or refreshes the countdown (<paramref name="seconds"/> 5..60), or switches it off (0).</summary>
    /// <exception cref="Exchange.ExchangeException">The exchange refused or failed; the message names the cause and the fix.</exception>
    Task RefreshAsync(ApiCredentials credentials, int seconds, CancellationToken cancellationToken);
}
