using System.Collections.Specialized;
using System.Globalization;
using System.Text;

namespace CancelAll.Core.Input.Webhooks;

/// <summary>
/// What the HTTP trigger forwards: the body (null when it was over the size limit), query, headers and the
/// X-Forwarded-For value. That value is supplied by the client (anyone can send the header), so it is logged as such
/// and never used to decide anything.
/// </summary>
public sealed record WebhookRequest(
    string? Body,
    IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Headers,
    string? ForwardedFor)
{
    public bool BodyTooLarge => Body is null;

    // The body, query and headers may carry the shared secret: printing shows only their size and names.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Body = {(Body is null ? "(too large)" : Body.Length + " chars")}, Query = [{string.Join(", ", Query.Keys)}], Headers = [{string.Join(", ", Headers.Keys)}], ForwardedFor = {ForwardedFor}");
        return true;
    }

    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public string? QueryValue(string name) =>
        Query.FirstOrDefault(q => string.Equals(q.Key, name, StringComparison.OrdinalIgnoreCase)).Value is { Length: > 0 } value ? value : null;

    /// <summary>
    /// Builds the request from what an HTTP trigger has. The worker sees no socket, so the only address is the first entry
    /// of X-Forwarded-For (printable, at most 100 characters), labelled client-supplied wherever it is logged.
    /// </summary>
    public static WebhookRequest FromHttp(string? body, NameValueCollection query, IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(headers);
        var queryMap = query.AllKeys.OfType<string>().ToDictionary(k => k, k => query[k] ?? string.Empty, StringComparer.OrdinalIgnoreCase);
        var headerMap = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in headers)
        {
            headerMap[name] = string.Join(",", values);
        }

        var forwarded = headerMap.GetValueOrDefault("X-Forwarded-For")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() is { } first
            ? new string(first.Where(c => !char.IsControl(c)).Take(100).ToArray())
            : null;
        return new WebhookRequest(body, queryMap, headerMap, forwarded);
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes of UTF-8; returns null when the body is longer, without reading it all.</summary>
    public static async Task<string?> ReadBodyAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var buffer = new byte[limit + 1];
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false)) > 0)
        {
            filled += read;
        }

        return filled > limit ? null : Encoding.UTF8.GetString(buffer, 0, filled);
    }
}
