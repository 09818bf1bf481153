using System.Security.Cryptography;
using System.Text;
using CancelAll.Core.Credentials;

namespace CancelAll.Core.Exchange;

/// <summary>
/// Bitget V2 request signing: Base64(HMAC-SHA256(secret, prehash)) for HMAC keys, or
/// Base64(RSA-SHA256 PKCS#1 v1.5 (prehash)) for RSA keys, where
/// prehash = timestamp + METHOD + path + ("?" + query, when there is one) + body.
/// </summary>
internal static class BitgetSigner
{
    public static string Prehash(long timestampMs, string method, string path, string? sortedQuery, string? body)
    {
        var builder = new StringBuilder(64 + path.Length + (sortedQuery?.Length ?? 0) + (body?.Length ?? 0));
        builder.Append(timestampMs.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Append(method.ToUpperInvariant())
            .Append(path);
        if (!string.IsNullOrEmpty(sortedQuery))
        {
            builder.Append('?').Append(sortedQuery);
        }

        return builder.Append(body).ToString();
    }

    public static string Sign(ApiCredentials credentials, string prehash)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var message = Encoding.UTF8.GetBytes(prehash);
        if (!credentials.IsRsa)
        {
            return Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(credentials.Secret), message));
        }

        using var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(credentials.Secret);
        }
        catch (ArgumentException)
        {
            // The PEM's content must never reach a log through the inner exception.
            throw new ExchangeException(ExchangeErrorKind.Credentials, null, "The account's secret looks like a PEM private key but could not be read as an RSA key. Store the unencrypted PKCS#1 or PKCS#8 PEM that Bitget's RSA key setup gave you.");
        }

        return Convert.ToBase64String(rsa.SignData(message, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    /// <summary>Query parameters sorted by key (ordinal), URL-encoded: the exact string that is both signed and sent.</summary>
    public static string SortedQuery(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
}
