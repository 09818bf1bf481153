namespace CancelAll.Core.Replies;

/// <summary>Sends one reply. Never throws for delivery failures: they come back as <see cref="ReplySendStatus.Failed"/>.</summary>
public interface IReplySender
{
    Task<ReplySendResult> SendAsync(CancelAllReply reply, ReplyContext context, CancellationToken cancellationToken);
}
