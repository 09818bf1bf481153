namespace CancelAll.TestExchange;

/// <summary>
/// The requests an injected fault is meant for: one path (as the client sends it, e.g.
/// <c>/api/v2/mix/order/cancel-all-orders</c>) and, optionally, one method. Other requests pass it by and leave it queued,
/// so that a read the client makes first (the account's mode, say) does not take a fault meant for the kill's own call.
/// </summary>
/// <param name="Path">The request path, compared exactly (ordinal, without the query).</param>
/// <param name="Method">GET, POST...; null for any method.</param>
public sealed record FaultTarget(string Path, string? Method = null)
{
    public bool Matches(string method, string path) =>
        string.Equals(path, Path, StringComparison.Ordinal)
        && (Method is null || string.Equals(method, Method, StringComparison.OrdinalIgnoreCase));
}
