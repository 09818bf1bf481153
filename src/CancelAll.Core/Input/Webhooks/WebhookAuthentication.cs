using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CancelAll.Core.Input.Webhooks;

/// <summary>
/// Checks the shared secret wherever the sender can put it: <c>Authorization: Bearer</c>, <c>Authorization: Basic</c>
/// (the password is the secret, the user name is ignored), <c>X-Webhook-Secret</c>, the body's <c>secret</c> field
/// (TradingView JSON, which cannot set headers), <c>?secret=</c> for plain-text bodies only (TradingView text has no
/// other place), or Grafana's HMAC signature over <c>timestamp:body</c> with a replay window. Every secret presented
/// must match one configured secret; at least one must be presented. Comparisons take constant time.
/// </summary>
internal static class WebhookAuthentication
{
    /// <summary>Null when the request is authenticated, else why not (for the log only: it never names a secret).</summary>
    public static string? Refusal(WebhookRequest request, bool textBody, IReadOnlyList<string> bodySecrets, WebhookOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(bodySecrets);
        ArgumentNullException.ThrowIfNull(options);
        var secrets = options.SecretList;
        var presented = 0;

        if (request.Header("Authorization") is { } authorization)
        {
            presented++;
            if (FromAuthorization(authorization) is not { } given || !Matches(given, secrets))
            {
                return "the Authorization header does not carry a configured secret (Bearer <secret>, or Basic with the secret as password)";
            }
        }

        if (request.Header("X-Webhook-Secret") is { } header)
        {
            presented++;
            if (!Matches(header, secrets))
            {
                return "X-Webhook-Secret is not a configured secret";
            }
        }

        foreach (var bodySecret in bodySecrets)
        {
            presented++;
            if (!Matches(bodySecret, secrets))
            {
                return "the body's secret field is not a configured secret";
            }
        }

        if (request.Query.Any(q => string.Equals(q.Key, "secret", StringComparison.OrdinalIgnoreCase)))
        {
            presented++;
            if (!textBody)
            {
                return "?secret= is accepted for plain-text bodies only: send the secret in a header (or the body's secret field)";
            }

            if (!Matches(request.QueryValue("secret") ?? string.Empty, secrets))
            {
                return "?secret= is not a configured secret";
            }
        }

        if (request.Header(options.GrafanaSignatureHeader) is { } signature)
        {
            presented++;
            if (SignatureRefusal(request, signature, options, now) is { } refusal)
            {
                return refusal;
            }
        }

        return presented == 0 ? "no secret was presented" : null;
    }

    private static string? SignatureRefusal(WebhookRequest request, string signature, WebhookOptions options, DateTimeOffset now)
    {
        if (request.Header(options.GrafanaTimestampHeader) is not { } timestamp)
        {
            return $"{options.GrafanaSignatureHeader} came without {options.GrafanaTimestampHeader}: set the contact point's HMAC Timestamp Header so that replays can be refused";
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 32_503_680_000)
        {
            return $"{options.GrafanaTimestampHeader} is not a Unix time in seconds";
        }

        var age = now - DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (age.Duration() > options.SignatureMaxAge)
        {
            return $"the signature's timestamp is {(long)age.TotalSeconds} s away from now, outside {options.SignatureMaxAge.TotalSeconds} s (CancelAll:Webhook:SignatureMaxAge): a replay, or a clock off";
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(signature.Trim());
        }
        catch (FormatException)
        {
            return $"{options.GrafanaSignatureHeader} is not hex";
        }

        // Grafana signs "<timestamp>:<body>" with HMAC-SHA256 and sends the hex digest.
        var signed = Encoding.UTF8.GetBytes(timestamp + ":" + (request.Body ?? string.Empty));
        var match = false;
        foreach (var secret in options.SecretList)
        {
            match |= CryptographicOperations.FixedTimeEquals(given, HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
        }

        return match ? null : $"{options.GrafanaSignatureHeader} does not verify with a configured secret";
    }

    private static string? FromAuthorization(string authorization)
    {
        var value = authorization.Trim();
        if (value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return value[7..].Trim();
        }

        if (!value.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(value[6..].Trim()));
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : pair[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static bool Matches(string given, IReadOnlyList<string> secrets)
    {
        if (string.IsNullOrEmpty(given))
        {
            return false;
        }

        // Hashing first makes lengths equal, so the comparison time says nothing about the secret.
        var givenHash = SHA256.HashData(Encoding.UTF8.GetBytes(given));
        var match = false;
        foreach (var secret in secrets)
        {
            match |= CryptographicOperations.FixedTimeEquals(givenHash, SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
        }

        return match;
    }
}
