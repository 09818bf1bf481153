namespace CancelAll.Core.Outcomes;

/// <summary>An error as recorded: its kind, the exchange's or vault's code, and a message that names the cause and the fix.</summary>
public sealed record OutcomeError(OutcomeErrorKind Kind, string? Code, string Message, bool Transient = false)
{
    /// <summary>How this error is answered on each channel.</summary>
    public OutcomeErrorHandling Handling => OutcomeErrorKinds.Handling(Kind);
}
