using System.Text.Json.Serialization;

namespace CancelAll.Core.Credentials;

/// <summary>
/// One Bitget API key. The secret is an HMAC secret, or an RSA private key in PEM when the key is a
/// user-generated RSA key. ToString never shows the secret or the passphrase, and a JSON serializer leaves them out.
/// </summary>
public sealed class ApiCredentials
{
    public ApiCredentials(string apiKey, string secret, string passphrase, bool demo = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(secret);
        ArgumentException.ThrowIfNullOrWhiteSpace(passphrase);
        ApiKey = apiKey.Trim();
        Secret = secret;
        Passphrase = passphrase;
        Demo = demo;
    }

    public string ApiKey { get; }

    [JsonIgnore]
    public string Secret { get; }

    [JsonIgnore]
    public string Passphrase { get; }

    /// <summary>True for a demo-trading key: requests carry <c>paptrading: 1</c>.</summary>
    public bool Demo { get; }

    public bool IsRsa => Secret.Contains("PRIVATE KEY-----", StringComparison.Ordinal);

    /// <summary>The key with all but its first and last four characters masked, for logs.</summary>
    public string RedactedKey => Redact(ApiKey);

    public override string ToString() => $"ApiCredentials {{ ApiKey = {RedactedKey}, Secret = ***, Passphrase = ***, Demo = {Demo}, Rsa = {IsRsa} }}";

    public static string Redact(string apiKey) =>
        apiKey.Length <= 8 ? "***" : string.Concat(apiKey.AsSpan(0, 4), "…", apiKey.AsSpan(apiKey.Length - 4));
}
