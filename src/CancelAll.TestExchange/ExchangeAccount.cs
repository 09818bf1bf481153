using System.Security.Cryptography;

namespace CancelAll.TestExchange;

/// <summary>
/// An account the test exchange knows. <see cref="Secret"/> is the HMAC secret, or, for an RSA key,
/// the PEM public key that the exchange verifies with (Bitget keeps only the public half). <see cref="Mode"/> is the
/// mode the account starts in; <see cref="AccountBook.SwitchMode"/> changes it while the exchange runs.
/// </summary>
public sealed record ExchangeAccount(string ApiKey, string Secret, string Passphrase, bool Demo = false, AccountMode Mode = AccountMode.Classic)
{
    public bool IsRsa => Secret.Contains("PUBLIC KEY-----", StringComparison.Ordinal);

    /// <summary>Makes an RSA account: returns it (holding the public key) and the private key PEM the client signs with.</summary>
    public static (ExchangeAccount Account, string PrivateKeyPem) CreateRsa(string apiKey, string passphrase, bool demo = false, AccountMode mode = AccountMode.Classic)
    {
        using var rsa = RSA.Create(2048);
        return (new ExchangeAccount(apiKey, rsa.ExportSubjectPublicKeyInfoPem(), passphrase, demo, mode), rsa.ExportPkcs8PrivateKeyPem());
    }
}

/// <summary>An open order on the test exchange.</summary>
public sealed record OpenOrder(string OrderId, string ClientOid, string ProductType, string MarginCoin, string Symbol);

/// <summary>What the exchange received and how it answered (<see cref="Status"/> 0: the connection was reset, no answer): tests assert on the exact bytes and headers.</summary>
public sealed record ReceivedRequest(
    DateTimeOffset ReceivedAt,
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    int Status,
    string? Code)
{
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
