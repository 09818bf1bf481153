namespace CancelAll.Core.Outcomes;

/// <summary>What the queue does with a message whose outcome carries an error.</summary>
public enum QueueAction
{
    /// <summary>Complete the message (with its reply): no retry can fix this.</summary>
    Complete,

    /// <summary>Hand the message back for redelivery; on its last delivery, send the failure reply and dead-letter it.</summary>
    Redeliver,
}
