using System.Security.Cryptography;
using System.Text;

namespace CancelAll.Core.Tables;

/// <summary>
/// Shared Key Lite for the Table service ("Authorize with Shared Key", learn.microsoft.com/rest/api/storageservices/authorize-with-shared-key):
/// <c>StringToSign = Date (the x-ms-date value) + "\n" + CanonicalizedResource</c>, where CanonicalizedResource is
/// <c>"/" + account + the request's encoded URI path</c> (plus <c>?comp=...</c>, which no call here uses); the header is
/// <c>Authorization: SharedKeyLite account:base64(HMAC-SHA256(key, UTF-8(StringToSign)))</c>. Against Azurite the
/// path starts with the account too (<c>/devstoreaccount1/devstoreaccount1/table()</c>), which is what it checks.
/// </summary>
internal sealed class SharedKeyLiteAuthorization(string account, byte[] key) : TableAuthorization
{
    public override ValueTask AuthorizeAsync(HttpRequestMessage request, string date, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stringToSign = date + "\n/" + account + request.RequestUri!.AbsolutePath;
        var signature = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", $"SharedKeyLite {account}:{signature}");
        return ValueTask.CompletedTask;
    }
}
