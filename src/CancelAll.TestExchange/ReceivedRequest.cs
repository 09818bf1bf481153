namespace CancelAll.TestExchange;

/// <summary>
/// What the exchange received and how it answered (<see cref="Status"/> 0: the connection was reset, no answer): tests
/// assert on the exact bytes and headers. <see cref="ConnectionId"/> is Kestrel's id of the connection it came on:
/// requests with the same id were sent over one kept connection.
/// </summary>
public sealed record ReceivedRequest(
    DateTimeOffset ReceivedAt,
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    int Status,
    string? Code,
    string? ConnectionId = null)
{
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
