using CancelAll.Core.Outcomes;

namespace CancelAll.Core.Input.Queue;

/// <summary>Thrown by the queue trigger to hand a message back to Service Bus for redelivery. Carries no secret.</summary>
public sealed class RedeliveryRequestedException : Exception
{
    public RedeliveryRequestedException(CancelOutcome outcome)
        : base($"Cancel-all {outcome?.CorrelationId} ended {outcome?.Status}; handing the message back for redelivery.")
    {
        Outcome = outcome;
    }

    public RedeliveryRequestedException()
    {
    }

    public RedeliveryRequestedException(string message)
        : base(message)
    {
    }

    public RedeliveryRequestedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CancelOutcome? Outcome { get; }
}
