using System.Security.Cryptography;

namespace CancelAll.Core.Credentials;

/// <summary>
/// Checks an API secret when it is read, so that a corrupt RSA key is a configuration error naming where it came from,
/// not a failure in the middle of a kill. Nothing of the key goes into the message.
/// </summary>
internal static class KeyMaterial
{
    /// <summary>Throws <see cref="CredentialsException"/> (InvalidSecretValue) when <paramref name="secret"/> is a PEM block that is not a readable RSA private key.</summary>
    /// <param name="where">Where the secret came from, e.g. "Key Vault secret 'bitget-main-api-secret'" or a setting and its environment variable.</param>
    public static void CheckSecret(string account, string secretName, string where, string secret)
    {
        if (!secret.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            return; // an HMAC secret
        }

        if (!secret.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw Invalid(account, secretName, where, "it is a PEM block but not a private key (a public key or certificate?)");
        }

        using var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(secret);
        }
        catch (ArgumentException)
        {
            // Messages and inner exceptions are dropped on purpose: they may quote the PEM.
            throw Invalid(account, secretName, where, "no readable, unencrypted PEM private key was found (broken base64, missing BEGIN/END lines, or an encrypted key)");
        }
        catch (CryptographicException)
        {
            throw Invalid(account, secretName, where, "the PEM's content is not a valid RSA private key (truncated or corrupted)");
        }
    }

    private static CredentialsException Invalid(string account, string secretName, string where, string problem) =>
        new(CredentialsErrorKind.InvalidSecretValue, account, secretName,
            $"The API secret of account '{account}' ({where}) looks like an RSA key but cannot be used: {problem}. Store the unencrypted PKCS#1 or PKCS#8 PEM that Bitget's RSA key setup gave you, with its BEGIN/END lines and line breaks.");
}
