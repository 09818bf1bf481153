using Azure;
using Azure.Core;

namespace CancelAll.Core.Tables;

/// <summary>
/// An Entra ID token for Azure Storage (scope <see cref="Scope"/>, <c>Authorization: Bearer</c>; the service takes it
/// from x-ms-version 2017-11-09 on, "Authorize with Microsoft Entra ID", learn.microsoft.com/rest/api/storageservices/authorize-with-azure-active-directory).
/// The token is kept until its RefreshOn (or five minutes before it expires), then refreshed, one refresh at a time, so a
/// release or a heartbeat does not ask the credential (e.g. az login) for every call. A failed refresh falls back to the
/// held token while it is still valid: a passing identity outage must not stop a release. A token the service refuses
/// (<see cref="Refused"/>) is dropped, so the next call asks for a new one. Tokens go over https only.
/// </summary>
internal sealed class BearerTokenAuthorization(TokenCredential credential, TimeProvider clock) : TableAuthorization, IDisposable
{
    public const string Scope = "https://storage.azure.com/.default";

    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim refresh = new(1, 1);

    // Replaced whole (never changed in place), so a reader sees a token with its own expiry, never a mix of two.
    private HeldToken? held;

    public override async ValueTask AuthorizeAsync(HttpRequestMessage request, string date, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.RequestUri!.Scheme != Uri.UriSchemeHttps)
        {
            throw new TableSettingsException($"The table endpoint {request.RequestUri.Host} is not https: a bearer token is only sent over TLS. Use an https TableEndpoint.");
        }

        var token = await TokenAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
    }

    // A token the service refused (expired by its own clock, or revoked) would otherwise be sent again until its
    // RefreshOn; dropped only if it is still the held one, so a token a concurrent refresh brought in is kept.
    public override void Refused(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Volatile.Read(ref held) is { } token
            && request.Headers.TryGetValues("Authorization", out var sent)
            && sent.FirstOrDefault() == "Bearer " + token.Value)
        {
            Interlocked.CompareExchange(ref held, null, token);
        }
    }

    public void Dispose() => refresh.Dispose();

    private async ValueTask<string> TokenAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref held) is { } token && clock.GetUtcNow() < token.RefreshAt)
        {
            return token.Value;
        }

        await refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var before = Volatile.Read(ref held);
            if (before is not null && clock.GetUtcNow() < before.RefreshAt)
            {
                return before.Value; // another caller refreshed meanwhile
            }

            try
            {
                var fetched = await credential.GetTokenAsync(new TokenRequestContext([Scope]), cancellationToken).ConfigureAwait(false);
                var fresh = HeldToken.From(fetched);
                Volatile.Write(ref held, fresh);
                return fresh.Value;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (before is not null && clock.GetUtcNow() < before.ExpiresOn)
                {
                    return before.Value; // still valid: the next call tries the refresh again
                }

                // The type only: a credential's message may list every source it tried, with their settings.
                throw new RequestFailedException(0, $"No token for the table service: the app's identity failed ({e.GetType().Name}) and no valid token is held. Check the managed identity (in Azure) or az login (the CLI), then try again.", "TokenUnavailable", e);
            }
        }
        finally
        {
            refresh.Release();
        }
    }

    private sealed record HeldToken(string Value, DateTimeOffset ExpiresOn, DateTimeOffset RefreshAt)
    {
        public static HeldToken From(AccessToken token)
        {
            var beforeExpiry = token.ExpiresOn - RefreshMargin;
            var refreshAt = token.RefreshOn is { } refreshOn && refreshOn < beforeExpiry ? refreshOn : beforeExpiry;
            return new HeldToken(token.Token, token.ExpiresOn, refreshAt);
        }
    }
}
