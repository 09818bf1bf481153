namespace CancelAll.Core.Replies;

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
