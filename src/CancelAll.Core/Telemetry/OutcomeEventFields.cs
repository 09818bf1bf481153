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
}
