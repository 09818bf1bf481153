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
