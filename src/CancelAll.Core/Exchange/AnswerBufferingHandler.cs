namespace CancelAll.Core.Exchange;

/// <summary>
/// Reads each answer's whole body inside the attempt, so that the attempt and total timeouts also bound a body that
/// trickles in. Without it, HttpClient buffers the body after the handlers have returned, where no timeout applies.
/// </summary>
internal sealed class AnswerBufferingHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
