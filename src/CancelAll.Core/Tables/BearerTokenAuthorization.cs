using Azure.Core;

namespace CancelAll.Core.Tables;

/// <summary>
/// An Entra ID token for Azure Storage (scope <see cref="Scope"/>, <c>Authorization: Bearer</c>; the service takes it
/// from x-ms-version 2017-11-09 on, "Authorize with Microsoft Entra ID", learn.microsoft.com/rest/api/storageservices/authorize-with-azure-active-directory).
/// The token is kept until five minutes before it expires (or its RefreshOn), one refresh at a time, so a release or a
/// heartbeat does not ask the credential (e.g. az login) for every call. Tokens go over https only.
/// </summary>
internal sealed class BearerTokenAuthorization(TokenCredential credential, TimeProvider clock) : TableAuthorization, IDisposable
{
    public const string Scope = "https://storage.azure.com/.default";

    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim refresh = new(1, 1);
    private AccessToken? current;

    public override async ValueTask AuthorizeAsync(HttpRequestMessage request, string date, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.RequestUri!.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException($"The table endpoint {request.RequestUri.Host} is not https: a bearer token is only sent over TLS. Use an https TableEndpoint.");
        }

        var token = await TokenAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
    }

    public void Dispose() => refresh.Dispose();

    private async ValueTask<string> TokenAsync(CancellationToken cancellationToken)
    {
        if (Fresh(current) is { } token)
        {
            return token;
        }

        await refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Fresh(current) is { } refreshedMeanwhile)
            {
                return refreshedMeanwhile;
            }

            var fetched = await credential.GetTokenAsync(new TokenRequestContext([Scope]), cancellationToken).ConfigureAwait(false);
            current = fetched;
            return fetched.Token;
        }
        finally
        {
            refresh.Release();
        }
    }

    private string? Fresh(AccessToken? token)
    {
        if (token is not { } held)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        return now < held.ExpiresOn - RefreshMargin && (held.RefreshOn is not { } refreshOn || now < refreshOn) ? held.Token : null;
    }
}
