namespace CancelAll.Core.Replies;

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
