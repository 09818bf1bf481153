using Azure;
using Azure.Core;

namespace CancelAll.Core.Tables;

/// <summary>
/// An Entra ID token for Azure Storage (scope <see cref="Scope"/>, <c>Authorization: Bearer</c>; the service takes it
/// from x-ms-version 2017-11-09 on, "Authorize with Microsoft Entra ID", learn.microsoft.com/rest/api/storageservices/authorize-with-azure-active-directory).
/// The token is kept until its RefreshOn (or five minutes before it expires), then refreshed, one fetch shared by every
/// caller and outliving a caller that gives up (an attempt's timeout), so a
/// release or a heartbeat does not ask the credential (e.g. az login) for every call. A failed refresh falls back to the
/// held token while it is still valid: a passing identity outage must not stop a release. A token the service refuses
/// (<see cref="Refused"/>) is dropped, so the next call asks for a new one. Tokens go over https only.
/// </summary>
internal sealed class BearerTokenAuthorization(TokenCredential credential, TimeProvider clock) : TableAuthorization, IDisposable
{
    public const string Scope = "https://storage.azure.com/.default";

    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly Lock gate = new();

    // Cancelled when the container disposes this cache: a fetch still running then stops.
    private readonly CancellationTokenSource stopping = new();

    // Replaced whole (never changed in place), so a reader sees a token with its own expiry, never a mix of two.
    private HeldToken? held;

    // The refresh under way (or the last one, completed): every caller that needs a token waits for this one.
    private Task<string>? fetching;

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

    public override string? StillWaitingFor =>
        Volatile.Read(ref fetching) is { IsCompleted: false }
            ? "a storage token from the app's identity, which had not answered yet: check the managed identity (in Azure) or az login (the CLI)"
            : null;

    public void Dispose()
    {
        stopping.Cancel();
        stopping.Dispose();
    }

    private Task<string> TokenAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref held) is { } token && clock.GetUtcNow() < token.RefreshAt)
        {
            return Task.FromResult(token.Value);
        }

        // One fetch for every caller, and not tied to any caller's cancellation: when an attempt times out while the
        // identity endpoint is slow (a cold managed identity), the retry waits for the same fetch instead of cancelling
        // it and starting over, which with every attempt cut short would never get a token.
        Task<string> fetch;
        lock (gate)
        {
            if (fetching is null || fetching.IsCompleted)
            {
                fetching = Task.Run(RefreshAsync); // on the pool: the credential's code never runs under the lock
            }

            fetch = fetching;
        }

        return fetch.WaitAsync(cancellationToken);
    }

    private async Task<string> RefreshAsync()
    {
        var before = Volatile.Read(ref held);
        if (before is not null && clock.GetUtcNow() < before.RefreshAt)
        {
            return before.Value; // refreshed by the fetch that completed just before this one started
        }

        try
        {
            var fetched = await credential.GetTokenAsync(new TokenRequestContext([Scope]), stopping.Token).ConfigureAwait(false);
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
