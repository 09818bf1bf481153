namespace CancelAll.Core.Exchange;

/// <summary>Leave to send one request. Dispose it when the request's answer (or failure) is in.</summary>
internal sealed class RateLimitPermit : IDisposable
{
    private readonly IDisposable sent;

    internal RateLimitPermit(IDisposable sent, TimeSpan waited)
    {
        this.sent = sent;
        Waited = waited;
    }

    /// <summary>How long the request waited for its turn.</summary>
    public TimeSpan Waited { get; }

    public void Dispose() => sent.Dispose();
}
