using System.Net;

namespace CancelAll.Core.Exchange;

/// <summary>
/// An answer's body held as the bytes that arrived, with their one reading (<see cref="BitgetAnswer"/>). It replaces
/// the network content in <see cref="AnswerBufferingHandler"/>, so every handler above reads the same bytes and parse.
/// </summary>
internal sealed class BitgetAnswerContent : HttpContent
{
    private readonly byte[] body;

    public BitgetAnswerContent(byte[] body, BitgetAnswer answer, HttpContent original)
    {
        this.body = body;
        Answer = answer;
        foreach (var header in original.Headers)
        {
            Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    public BitgetAnswer Answer { get; }

    /// <summary>The body as it arrived, for a reader that did not name its shape before the answer came.</summary>
    public ReadOnlySpan<byte> Body => body;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(body).AsTask();

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(body, cancellationToken).AsTask();

    protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new MemoryStream(body, writable: false));

    protected override bool TryComputeLength(out long length)
    {
        length = body.Length;
        return true;
    }
}
