using System.Text.Json.Serialization.Metadata;

namespace CancelAll.Core.Exchange;

/// <summary>
/// Reads each answer's whole body inside the attempt, so that the attempt and total timeouts also bound a body that
/// trickles in (without it, HttpClient buffers the body after the handlers have returned, where no timeout applies),
/// and reads it once (<see cref="BitgetAnswer"/>) into the shape the request names, straight from its UTF-8 bytes.
/// </summary>
internal sealed class AnswerBufferingHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            var original = response.Content;
            var body = await original.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            request.Options.TryGetValue(BitgetAnswer.ShapeKey, out JsonTypeInfo? shape);
            response.Content = new BitgetAnswerContent(body, BitgetAnswer.Read(body, shape), original);
            original.Dispose();
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
