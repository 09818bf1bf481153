namespace CancelAll.Core.Tables;

/// <summary>Signs one attempt of a table request (<see cref="TableAuthorizationHandler"/> calls it on every retry).</summary>
internal abstract class TableAuthorization
{
    /// <summary>Sets the Authorization header; the request already carries its x-ms-date.</summary>
    public abstract ValueTask AuthorizeAsync(HttpRequestMessage request, string date, CancellationToken cancellationToken);

    /// <summary>The service refused the credentials <paramref name="request"/> carried: a held token is dropped, so the next request asks for a new one.</summary>
    public virtual void Refused(HttpRequestMessage request)
    {
    }

    /// <summary>
    /// When a call gives up without an answer: what the credentials were still waiting for, if anything (a token
    /// from the app's identity), so that the error blames that and not the table service; null when nothing was pending.
    /// </summary>
    public virtual string? StillWaitingFor => null;
}
