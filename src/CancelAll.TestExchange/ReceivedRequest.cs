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
    /// <summary>
    /// When the request arrived, as a position in one sequence with every request's arrival and answer (<see cref="Answered"/>):
    /// a request that arrived after another was answered (<c>b.Arrived &gt; a.Answered</c>) was sent after that answer;
    /// two that each arrived before the other was answered were in flight together. Order, not time: it holds on any machine.
    /// </summary>
    public long Arrived { get; init; }

    /// <summary>When the answer went out (or the connection was reset), in the same sequence as <see cref="Arrived"/>.</summary>
    public long Answered { get; init; }

    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
