using System.Globalization;
using System.Text;
using CancelAll.Core.Credentials;

namespace CancelAll.Core.Exchange;

/// <summary>
/// A Bitget request before it is signed: method, path, the sorted query and the body text exactly as they will be sent.
/// Signing happens per attempt, just before sending, so that limiter waits and retries never send a stale timestamp.
/// </summary>
public sealed record BitgetRequest(HttpMethod Method, string Path, string? Query, string? Body, bool PaperTrading)
{
    public string PathAndQuery => string.IsNullOrEmpty(Query) ? Path : Path + "?" + Query;

    public IReadOnlyList<KeyValuePair<string, string>> SignedHeaders(ApiCredentials credentials, long timestampMs, string locale)
    {
        var timestamp = timestampMs.ToString(CultureInfo.InvariantCulture);
        var signature = BitgetSigner.Sign(credentials, BitgetSigner.Prehash(timestampMs, Method.Method, Path, Query, Body));
        var headers = new List<KeyValuePair<string, string>>(7)
        {
            new(BitgetHeaders.AccessKey, credentials.ApiKey),
            new(BitgetHeaders.AccessSign, signature),
            new(BitgetHeaders.AccessTimestamp, timestamp),
            new(BitgetHeaders.AccessPassphrase, credentials.Passphrase),
            new(BitgetHeaders.Locale, locale),
        };
        if (PaperTrading)
        {
            headers.Add(new(BitgetHeaders.PaperTrading, "1"));
        }

        return headers;
    }

    /// <summary>The request as an operator may see it: the key masked, the signature and passphrase hidden.</summary>
    public string Describe(ApiCredentials credentials, long timestampMs, string locale)
    {
        var text = new StringBuilder()
            .Append(Method.Method).Append(' ').Append(PathAndQuery).AppendLine();
        foreach (var (name, value) in SignedHeaders(credentials, timestampMs, locale))
        {
            var shown = name switch
            {
                BitgetHeaders.AccessKey => credentials.RedactedKey,
                BitgetHeaders.AccessSign or BitgetHeaders.AccessPassphrase => "***",
                _ => value,
            };
            text.Append(name).Append(": ").Append(shown).AppendLine();
        }

        if (Body is not null)
        {
            text.AppendLine("Content-Type: application/json").AppendLine().Append(Body);
        }

        return text.ToString();
    }
}
