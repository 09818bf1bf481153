using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CancelAll.Core.Tests.Tables;

/// <summary>
/// JWTs shaped like Entra ID's tokens for Azure Storage (issuer https://sts.windows.net/TENANT/, the claims Azurite's
/// <c>--oauth basic</c> reads), signed with a throw-away key: Azurite does not check the signature, the shape is what it
/// checks. Valid from a minute ago (Azurite compares with its own clock).
/// </summary>
public static class StorageTokens
{
    public const string StorageAudience = "https://storage.azure.com";

    private const string Tenant = "72f988bf-0000-4000-8000-00000000cafe";

    public static string Issue(string audience, DateTimeOffset expiresOn)
    {
        var issuedAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds();
        var header = Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["alg"] = "HS256", ["typ"] = "JWT" }));
        var claims = Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["aud"] = audience,
            ["iss"] = $"https://sts.windows.net/{Tenant}/",
            ["iat"] = issuedAt,
            ["nbf"] = issuedAt,
            ["exp"] = expiresOn.ToUnixTimeSeconds(),
            ["oid"] = Guid.NewGuid().ToString(), // a new identity object each time: every token differs
            ["tid"] = Tenant,
        }));
        var signature = Encode(HMACSHA256.HashData(RandomNumberGenerator.GetBytes(32), Encoding.ASCII.GetBytes(header + "." + claims)));
        return header + "." + claims + "." + signature;
    }

    private static string Encode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
