namespace CancelAll.Core.Replies;

/// <summary>What publishing did, and what the trigger must do about it.</summary>
/// <param name="Reply">What happened to the reply.</param>
/// <param name="MustRedeliver">True for a queue request whose reply was not delivered: the trigger must fail the invocation.</param>
public sealed record PublishResult(ReplySendResult Reply, bool MustRedeliver)
{
    /// <summary>For the queue trigger: throws <see cref="ReplyFailedException"/> so that Service Bus redelivers the request.</summary>
    public void ThrowIfMustRedeliver()
    {
        if (MustRedeliver)
        {
            throw new ReplyFailedException(Reply);
        }
    }
}
