namespace CancelAll.Core.Exchange;

/// <summary>A limit that a request counts against, per API key: an endpoint's own, or one its API family shares.</summary>
/// <param name="Name">What the permits are counted for: the endpoint's path, or the shared group's name.</param>
/// <param name="PerSecond">Requests per second per key.</param>
internal readonly record struct RateLimitGroup(string Name, int PerSecond)
{
    /// <summary>The classic (V2) API's key-wide group: every V2 private call of a key counts against it as well.</summary>
    public const string ClassicKeyWide = "v2 key-wide";

    /// <summary>
    /// The groups a request on <paramref name="path"/> counts against: Bitget's limit for the endpoint
    /// (<see cref="BitgetEndpoints.LimitPerSecond"/>, or <paramref name="otherwisePerSecond"/> for a path the table does
    /// not list), and for a classic V2 path also a key-wide <paramref name="otherwisePerSecond"/>. The key-wide group is
    /// what the limiter did before per-endpoint limits, and what the project's test exchange counts for V2; it costs a
    /// classic kill nothing (every V2 endpoint's own limit is 10/s or less) and keeps mixed flows (flatten) clear of 429s.
    /// UTA (V3) paths get their endpoint limits only: Bitget's account-wide UTA limits are far higher.
    /// </summary>
    public static IReadOnlyList<RateLimitGroup> For(string path, int otherwisePerSecond)
    {
        ArgumentNullException.ThrowIfNull(path);
        var endpoint = new RateLimitGroup(path, BitgetEndpoints.LimitPerSecond(path) ?? otherwisePerSecond);
        return path.StartsWith("/api/v2/mix/", StringComparison.Ordinal)
            ? [endpoint, new RateLimitGroup(ClassicKeyWide, otherwisePerSecond)]
            : [endpoint];
    }
}
