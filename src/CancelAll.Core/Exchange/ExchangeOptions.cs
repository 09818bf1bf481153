using System.ComponentModel.DataAnnotations;

namespace CancelAll.Core.Exchange;

/// <summary>How to reach Bitget. Bound from the configuration section <c>CancelAll:Exchange</c>.</summary>
public sealed class ExchangeOptions
{
    public const string Section = "CancelAll:Exchange";

    [Required]
    public Uri BaseUrl { get; set; } = new("https://api.bitget.com");

    /// <summary>Bitget's <c>locale</c> header: en-US or zh-CN.</summary>
    [RegularExpression("^(en-US|zh-CN)$", ErrorMessage = "CancelAll:Exchange:Locale must be en-US or zh-CN.")]
    public string Locale { get; set; } = "en-US";

    /// <summary>
    /// Requests per second per API key for a path that <see cref="BitgetEndpoints.LimitPerSecond"/> does not list, and the
    /// pace of identical calls under a storm. Every listed path gets Bitget's own limit from that table.
    /// </summary>
    [Range(1, 100)]
    public int RequestsPerSecond { get; set; } = 10;

    /// <summary>How many requests for one key and one path may wait for the limiter before new ones fail fast.</summary>
    [Range(1, 100_000)]
    public int RateLimitQueue { get; set; } = 10_000;

    /// <summary>
    /// How much closer together than planned two requests one limit apart may arrive at Bitget (network and timer
    /// jitter): after a group's burst of its limit, permits are paced (1 s + this) / limit apart, so a sustained stream
    /// gets limit / (1 + this) per second.
    /// </summary>
    public TimeSpan ArrivalAllowance { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Optional receiveWindow sent with each request; Bitget requires it under 60 s.</summary>
    public TimeSpan? ReceiveWindow { get; set; }

    /// <summary>Retries for transient failures (5xx, 429, 40015, timeouts). Cancel-all is idempotent, so retrying is safe.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First back-off delay; later ones grow exponentially with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Limit for one HTTP attempt, once the rate limiter has let it through.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Limit for a whole call, including rate-limit waits and retries.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often the app reads the exchange clock to keep its connection open between alerts
    /// (<see cref="ExchangeConnectionKeeper"/>); 00:00:00 turns it off. At most <see cref="ExchangeConnection.MaxKeepWarmInterval"/>,
    /// so that the pool never drops the connection between two reads.
    /// </summary>
    public TimeSpan KeepWarmInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Optional account mode per account name: <c>auto</c> (the default: detected), <c>classic</c> (V2) or <c>uta</c>
    /// (Unified Trading Account, V3). Set as <c>CancelAll:Exchange:AccountModes:main = uta</c>
    /// (environment: <c>CancelAll__Exchange__AccountModes__main=uta</c>). A set mode skips detection.
    /// </summary>
    public Dictionary<string, string> AccountModes { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The mode set for <paramref name="account"/>, or null for auto (detect).</summary>
    public AccountMode? AccountModeOf(string account) =>
        AccountModes.TryGetValue(account, out var value) ? AccountModeSettings.Parse(value) : null;
}
