namespace CancelAll.Core.Input.Queue;

public enum QueueDisposition
{
    /// <summary>Done, for good or for ever: complete the message.</summary>
    Complete,

    /// <summary>A transient failure with deliveries left: hand the message back so Service Bus delivers it again.</summary>
    Redeliver,

    /// <summary>
    /// A transient failure on the last delivery: its failure reply has been sent; the message goes to the dead-letter
    /// queue with <see cref="QueueResult.DeadLetterReason"/>, for someone to look at (it is not completed as if done).
    /// </summary>
    DeadLetter,
}
