using System.Globalization;

namespace CancelAll.Core.Tables;

/// <summary>
/// Dates and signs each attempt of a table request, inside the retry handler, so that a retry carries a fresh
/// <c>x-ms-date</c> (the service refuses a date more than 15 minutes off) and a current token. The request says how it
/// is signed (<see cref="Authorization"/> option): one handler serves every store.
/// </summary>
internal sealed class TableAuthorizationHandler : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<TableAuthorization> Authorization = new("CancelAll.Tables.Authorization");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Options.TryGetValue(Authorization, out var authorization))
        {
            throw new InvalidOperationException("A table request without its authorization: send it through TableRestClient.");
        }

        // The wall clock, not the app's TimeProvider: the service compares this with its own clock.
        var date = DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture);
        request.Headers.Remove("x-ms-date");
        request.Headers.TryAddWithoutValidation("x-ms-date", date);
        await authorization.AuthorizeAsync(request, date, cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
