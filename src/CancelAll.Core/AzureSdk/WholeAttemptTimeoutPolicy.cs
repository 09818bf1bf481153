using System.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;

namespace CancelAll.Core.AzureSdk;

/// <summary>
/// Bounds one attempt of an Azure SDK call as a whole, its answer's body included. The SDK's NetworkTimeout bounds the
/// wait for the answer's headers and then each read of the body, not the whole body: a body that trickles in a byte at
/// a time held a Key Vault read or a reply send until the caller's overall deadline, and was never retried. This
/// policy sits just before the transport, reads the body itself within what is left of the attempt's time, and when
/// that runs out throws the cancellation the SDK's retry policy treats as a network timeout: the attempt is retried.
/// Only the async path is bounded; this service calls the SDKs asynchronously.
/// </summary>
internal sealed class WholeAttemptTimeoutPolicy(TimeSpan attemptTimeout) : HttpPipelinePolicy
{
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) => ProcessNext(message, pipeline);

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        var started = Stopwatch.GetTimestamp();
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        if (!message.BufferResponse || message.Response.ContentStream is not { } body || body is MemoryStream { Position: 0 })
        {
            return;
        }

        var left = attemptTimeout - Stopwatch.GetElapsedTime(started);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(message.CancellationToken);
        deadline.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        var buffered = new MemoryStream();
        try
        {
            await body.CopyToAsync(buffered, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!message.CancellationToken.IsCancellationRequested)
        {
            await buffered.DisposeAsync().ConfigureAwait(false);
            throw new TaskCanceledException($"The answer's body did not arrive within the attempt's {attemptTimeout.TotalSeconds:0.###} s (NetworkTimeout).", e);
        }
        finally
        {
            await body.DisposeAsync().ConfigureAwait(false);
        }

        buffered.Position = 0;
        message.Response.ContentStream = buffered;
    }
}
