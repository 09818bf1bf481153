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
