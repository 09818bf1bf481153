namespace CancelAll.Core.Telemetry;

/// <summary>
/// Fields of the <see cref="CancelAllTelemetry.OutcomeEventName"/> event that the outcome document (cancel-all.outcome/v2)
/// also carries: the same names, so that one query reads the event and the reply alike.
/// </summary>
internal static class OutcomeEventFields
{
    public const string Schema = "schema";
    public const string Headline = "headline";
    public const string Scope = "scope";
    public const string CorrelationId = "correlationId";
    public const string RequestMessageId = "requestMessageId";
    public const string DryRun = "dryRun";
    public const string DurationMs = "durationMs";
    public const string CancelledCount = "cancelledCount";
    public const string FailedCount = "failedCount";
    public const string RemainingCount = "remainingCount";

    // The document's hold object, flattened (one level of names is what a query reads from customDimensions).

    /// <summary>The hold's id (<c>hold.id</c>): the correlationId of the command that started it.</summary>
    public const string HoldId = "holdId";

    /// <summary><c>hold.phase</c>: started (the kill of a held command), repeat (a repeat that found something) or released.</summary>
    public const string HoldPhase = "holdPhase";

    /// <summary><c>hold.until</c>, ISO 8601 UTC.</summary>
    public const string HoldUntil = "holdUntil";

    /// <summary><c>hold.problem</c>: why the hold could not be scheduled (the kill itself ran).</summary>
    public const string HoldProblem = "holdProblem";
}
