namespace CancelAll.Core.Replies;

public enum ReplySendStatus
{
    /// <summary>Service Bus accepted the reply (201).</summary>
    Sent,

    /// <summary>The reply could not be delivered after bounded retries; <see cref="ReplySendResult.Reason"/> says why.</summary>
    Failed,

    /// <summary>Replies are not configured (no <c>CancelAll:Replies:Namespace</c>).</summary>
    Disabled,
}

/// <summary>What happened to one reply.</summary>
/// <param name="Queue">The queue the reply was (or would have been) sent to.</param>
/// <param name="MessageId">The reply's deterministic MessageId.</param>
/// <param name="Reason">Why it failed, naming the cause and the fix; null when sent.</param>
/// <param name="HttpStatus">The last HTTP status from Service Bus, if any answer came.</param>
/// <param name="Attempts">HTTP attempts made.</param>
public sealed record ReplySendResult(ReplySendStatus Status, string Queue, string MessageId, string? Reason, int? HttpStatus, int Attempts)
{
    public static ReplySendResult Disabled(string queue, string messageId) =>
        new(ReplySendStatus.Disabled, queue, messageId, "Replies are disabled: CancelAll:Replies:Namespace is not set.", null, 0);
}

/// <summary>
/// Thrown by a queue-triggered function when its reply could not be sent, so that the request is abandoned and
/// Service Bus redelivers it. The rerun is safe: cancel-all is idempotent and the reply's MessageId is the same.
/// </summary>
internal sealed class ReplyFailedException : Exception
{
    public ReplyFailedException(ReplySendResult result)
        : base($"The reply {result?.MessageId} to queue {result?.Queue} was not delivered: {result?.Reason} The request is handed back for redelivery.")
    {
        Result = result;
    }

    public ReplyFailedException()
    {
    }

    public ReplyFailedException(string message)
        : base(message)
    {
    }

    public ReplyFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ReplySendResult? Result { get; }
}

/// <summary>Sends one reply. Never throws for delivery failures: they come back as <see cref="ReplySendStatus.Failed"/>.</summary>
public interface IReplySender
{
    Task<ReplySendResult> SendAsync(CancelAllReply reply, ReplyContext context, CancellationToken cancellationToken);
}
