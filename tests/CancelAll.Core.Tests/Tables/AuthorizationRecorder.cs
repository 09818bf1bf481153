using System.Collections.Concurrent;

namespace CancelAll.Core.Tests.Tables;

/// <summary>
/// The primary handler's outer layer: notes the Authorization header of every attempt as it leaves for the table
/// service (which token went with which call) in <paramref name="sent"/>, shared by every handler the factory makes,
/// then sends the request on unchanged.
/// </summary>
public sealed class AuthorizationRecorder(ConcurrentQueue<string?> sent, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        sent.Enqueue(request.Headers.TryGetValues("Authorization", out var values) ? string.Join(",", values) : null);
        return base.SendAsync(request, cancellationToken);
    }
}
