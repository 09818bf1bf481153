using System.Collections;
using System.Globalization;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Replies;
using Microsoft.Extensions.Logging;

namespace CancelAll.Core.Telemetry;

/// <summary>
/// Records each outcome on the .NET primitives, for whatever exporter the host wires up (Azure Monitor in the app):
/// one custom event <see cref="CancelAllTelemetry.OutcomeEventName"/> (a log record carrying
/// <see cref="CancelAllTelemetry.CustomEventNameAttribute"/>), the metrics, and a structured log with the same fields.
/// An outcome of a hold (its start, a repeat that found something, a release) also carries the hold's id and phase.
/// Only identifiers, counts, durations and error kinds/codes are recorded: no credentials, no webhook secret, no free
/// text from the requester (the reason stays out of telemetry).
/// </summary>
public sealed partial class OutcomeRecorder(CancelAllMetrics metrics, ILogger<OutcomeRecorder> logger)
{
    private static readonly EventId OutcomeEventId = new(7100, CancelAllTelemetry.OutcomeEventName);
    private static readonly EventId ReplyFailedEventId = new(7101, CancelAllTelemetry.ReplyFailedEventName);

    public void Record(CancelOutcome outcome, ReplyContext context)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(context);
        metrics.RecordOutcome(outcome);

        var error = outcome.Error ?? outcome.Targets.Select(t => t.Error).FirstOrDefault(e => e is not null);
        var productTypes = string.Join(",", outcome.Targets.Select(t => t.MarginCoin is null ? t.ProductType : t.ProductType + "/" + t.MarginCoin).Distinct());
        var attempts = outcome.Targets.Sum(t => t.Attempts);
        var retries = outcome.Targets.Sum(t => t.Retries);
        var exchangeMs = outcome.Targets.Count == 0 ? 0 : outcome.Targets.Max(t => t.DurationMs);
        var waitMs = outcome.Targets.Sum(t => t.RateLimitWaitMs);

        var document = ReplyMapper.ToReply(outcome, context);
        var durationMs = document.DurationMs;
        var fields = new TelemetryEvent(CancelAllTelemetry.OutcomeEventName)
        {
            { OutcomeEventFields.Schema, document.Schema },
            { OutcomeEventFields.Headline, document.Headline },
            { CancelAllTelemetry.Tags.Status, document.Status },
            { CancelAllTelemetry.Tags.Source, document.Source },
            { CancelAllTelemetry.Tags.Account, document.Account },
            { OutcomeEventFields.Scope, document.Scope },
            { CancelAllTelemetry.Tags.ProductTypes, productTypes },
            { CancelAllTelemetry.Tags.AccountModes, AccountModes(outcome) },
            { CancelAllTelemetry.Tags.TargetCount, outcome.Targets.Count },
            { OutcomeEventFields.CancelledCount, document.CancelledCount },
            { OutcomeEventFields.FailedCount, document.FailedCount },
            { OutcomeEventFields.RemainingCount, document.RemainingCount },
            { OutcomeEventFields.CorrelationId, document.CorrelationId },
            { OutcomeEventFields.RequestMessageId, document.RequestMessageId },
            { OutcomeEventFields.DryRun, document.DryRun },
            { OutcomeEventFields.DurationMs, durationMs },
            { CancelAllTelemetry.Tags.ExchangeDurationMs, Math.Round(exchangeMs, 1) },
            { CancelAllTelemetry.Tags.Attempts, attempts },
            { CancelAllTelemetry.Tags.Retries, retries },
            { CancelAllTelemetry.Tags.RateLimitWaitMs, Math.Round(waitMs, 1) },
            { CancelAllTelemetry.Tags.ErrorKind, error?.Kind.ToString() },
            { CancelAllTelemetry.Tags.ErrorCode, error?.Code },
            { OutcomeEventFields.HoldId, document.Hold?.Id },
            { OutcomeEventFields.HoldPhase, document.Hold?.Phase },
            { OutcomeEventFields.HoldUntil, document.Hold?.Until.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) },
            { OutcomeEventFields.HoldProblem, document.Hold?.Problem },
        };
        fields.Summary = string.Create(
            CultureInfo.InvariantCulture,
            $"Cancel-all outcome {outcome.CorrelationId}: {outcome.Status} from {outcome.Source} for account {outcome.Account} on {Or(productTypes)}, scope {Or(document.Scope)}; {document.Headline}; {durationMs} ms, {retries} retries, error {error?.Kind.ToString() ?? "none"}, code {error?.Code ?? "none"}{HoldFacts(document.Hold)}");

        // One record is the outcome's one log line and its custom event: the console shows the sentence, exporters the fields.
        var level = LevelFor(outcome.Status);
        logger.Log(level, OutcomeEventId, fields, null, TelemetryEvent.Format);
    }

    private static string Or(string? value) => string.IsNullOrEmpty(value) ? "none" : value;

    // Only outcomes of a hold say so: "; hold bot7-runaway repeat until 2026-11-30T12:30:00.0000000Z".
    private static string HoldFacts(ReplyHold? hold) => hold is null
        ? string.Empty
        : string.Create(CultureInfo.InvariantCulture, $"; hold {hold.Id} {hold.Phase} until {hold.Until.UtcDateTime:O}{(hold.Problem is null ? string.Empty : ", NOT scheduled")}");

    private static string? AccountModes(CancelOutcome outcome)
    {
        var modes = outcome.Targets.Select(t => t.AccountMode).OfType<Exchange.AccountMode>().Distinct().Select(m => m.ToString()).ToList();
        return modes.Count == 0 ? null : string.Join(",", modes);
    }

    /// <summary>Records what happened to the reply. A failed reply becomes an error log, a metric and its own event.</summary>
    public void RecordReply(CancelOutcome outcome, ReplyContext context, ReplySendResult result)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(result);
        metrics.RecordReply(context.SourceName, result);
        switch (result.Status)
        {
            case ReplySendStatus.Failed:
                var fields = new TelemetryEvent(CancelAllTelemetry.ReplyFailedEventName)
                {
                    { CancelAllTelemetry.Tags.ReplyStatus, result.Status.ToString() },
                    { CancelAllTelemetry.Tags.Status, outcome.Status.ToString() },
                    { CancelAllTelemetry.Tags.Source, context.SourceName },
                    { CancelAllTelemetry.Tags.Account, outcome.Account },
                    { CancelAllTelemetry.Tags.CorrelationId, outcome.CorrelationId },
                    { CancelAllTelemetry.Tags.RequestMessageId, context.RequestMessageId },
                    { CancelAllTelemetry.Tags.ReplyQueue, result.Queue },
                    { CancelAllTelemetry.Tags.ReplyMessageId, result.MessageId },
                    { CancelAllTelemetry.Tags.HttpStatusCode, result.HttpStatus },
                    { CancelAllTelemetry.Tags.Attempts, result.Attempts },
                    { CancelAllTelemetry.Tags.ReplyReason, result.Reason },
                };
                var consequence = context.RedeliversOnFailure ? "the request is handed back for redelivery" : "the outcome stands; only this record of it remains";
                fields.Summary = string.Create(CultureInfo.InvariantCulture, $"Reply LOST for {outcome.CorrelationId} ({outcome.Status}) to queue {Or(result.Queue)}, message {Or(result.MessageId)}: {consequence}. {result.Reason}");
                logger.Log(LogLevel.Error, ReplyFailedEventId, fields, null, TelemetryEvent.Format);
                break;
            case ReplySendStatus.Disabled when context.RedeliversOnFailure:
                LogReplyDisabled(logger, outcome.CorrelationId, context.RequestMessageId ?? "without a MessageId");
                break;
        }
    }

    private static LogLevel LevelFor(OutcomeStatus status) => status switch
    {
        OutcomeStatus.Succeeded or OutcomeStatus.NothingToCancel or OutcomeStatus.Ignored => LogLevel.Information,
        OutcomeStatus.Rejected => LogLevel.Warning,
        _ => LogLevel.Error,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue request {RequestMessageId} ({CorrelationId}) gets no reply: replies are disabled (CancelAll:Replies:Namespace is not set); the outcome is in telemetry only")]
    private static partial void LogReplyDisabled(ILogger logger, string correlationId, string requestMessageId);

    /// <summary>
    /// A log state whose first attribute names the custom event. Exporters read the attributes; other providers
    /// print <see cref="Format"/>: the <see cref="Summary"/> sentence (else the event name and its fields).
    /// </summary>
    private sealed class TelemetryEvent : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly List<KeyValuePair<string, object?>> fields;

        public TelemetryEvent(string name)
        {
            fields = [new(CancelAllTelemetry.CustomEventNameAttribute, name)];
        }

        public int Count => fields.Count;

        /// <summary>The event as one sentence for people, stating the same facts as the fields.</summary>
        public string? Summary { get; set; }

        public KeyValuePair<string, object?> this[int index] => fields[index];

        public static string Format(TelemetryEvent state, Exception? exception) => state.Summary ??
            string.Join(" ", state.fields.Skip(1).Where(f => f.Value is not null).Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Key}={f.Value}")).Prepend((string)state.fields[0].Value!));

        public void Add(string key, object? value)
        {
            // Absent values are left out rather than sent as empty strings.
            if (value is not null)
            {
                fields.Add(new(key, value));
            }
        }

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => fields.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
