namespace CancelAll.Core.Exchange;

/// <summary>
/// How the exchange client keeps its connection. An alert mostly comes after a quiet spell, and a new connection to
/// Bitget costs DNS, TCP and TLS (several round trips) before the cancel can go. .NET drops a pooled connection idle
/// for a minute by default, and IHttpClientFactory replaces the whole handler, pool included, every two minutes. So
/// here the pool keeps an idle connection for <see cref="PooledIdleTimeout"/>, <see cref="ExchangeConnectionKeeper"/>
/// uses it more often than that, and the handler is never rotated: <see cref="Lifetime"/> replaces a connection
/// instead, so that a change of Bitget's DNS still reaches the app (Microsoft's guidance for long-lived handlers).
/// </summary>
public static class ExchangeConnection
{
    public static readonly TimeSpan PooledIdleTimeout = TimeSpan.FromSeconds(90);

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    public static readonly TimeSpan MinKeepWarmInterval = TimeSpan.FromSeconds(1);

    /// <summary>Two thirds of <see cref="PooledIdleTimeout"/>: a late read still finds the connection in the pool.</summary>
    public static readonly TimeSpan MaxKeepWarmInterval = TimeSpan.FromSeconds(60);

    internal static HttpMessageHandler CreateHandler() => new SocketsHttpHandler
    {
        PooledConnectionIdleTimeout = PooledIdleTimeout,
        PooledConnectionLifetime = Lifetime,
    };
}
