using System.Globalization;

namespace CancelAll.Core.Tables;

/// <summary>
/// Dates and signs each attempt of a table request, inside the retry handler, so that a retry carries a fresh
/// <c>x-ms-date</c> (the service refuses a date more than 15 minutes off) and a current token. The request says how it
/// is signed (<see cref="Authorization"/> option): one handler serves every store. It also counts the attempts
/// (<see cref="Attempt"/>, 1 for the first), so a write can tell that its 409/412 may be its own earlier attempt.
/// </summary>
internal sealed class TableAuthorizationHandler : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<TableAuthorization> Authorization = new("CancelAll.Tables.Authorization");

    public static readonly HttpRequestOptionsKey<int> Attempt = new("CancelAll.Tables.Attempt");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Options.TryGetValue(Authorization, out var authorization))
        {
            throw new InvalidOperationException("A table request without its authorization: send it through TableRestClient.");
        }

        // The retries resend the same request message, so its options carry the count from attempt to attempt.
        request.Options.TryGetValue(Attempt, out var attempt);
        request.Options.Set(Attempt, attempt + 1);

        // The wall clock, not the app's TimeProvider: the service compares this with its own clock.
        var date = DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture);
        request.Headers.Remove("x-ms-date");
        request.Headers.TryAddWithoutValidation("x-ms-date", date);
        await authorization.AuthorizeAsync(request, date, cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
