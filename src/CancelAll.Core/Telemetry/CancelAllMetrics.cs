using System.Diagnostics;
using System.Diagnostics.Metrics;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Replies;

namespace CancelAll.Core.Telemetry;

/// <summary>
/// The core's instruments, on the <c>CancelAll</c> Meter created through <see cref="IMeterFactory"/> (so that each
/// service provider, and each test, has its own). Dimensions are low-cardinality by design: status, source, account,
/// product type. Correlation ids belong on events and logs, never on metrics.
/// </summary>
public sealed class CancelAllMetrics
{
    private readonly Counter<long> outcomes;
    private readonly Counter<long> ordersCancelled;
    private readonly Counter<long> ordersFailed;
    private readonly Histogram<double> duration;
    private readonly Histogram<double> exchangeDuration;
    private readonly Counter<long> exchangeRetries;
    private readonly Histogram<double> rateLimitWait;
    private readonly Counter<long> repliesSent;
    private readonly Counter<long> repliesFailed;

    public CancelAllMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(CancelAllTelemetry.SourceName);
        outcomes = meter.CreateCounter<long>(CancelAllTelemetry.Metrics.Outcomes, "{outcome}", "Cancel-all outcomes by status and source.");
        ordersCancelled = meter.CreateCounter<long>(CancelAllTelemetry.Metrics.OrdersCancelled, "{order}", "Orders cancelled.");
        ordersFailed = meter.CreateCounter<long>(CancelAllTelemetry.Metrics.OrdersFailed, "{order}", "Orders the exchange did not cancel.");
        duration = meter.CreateHistogram<double>(CancelAllTelemetry.Metrics.Duration, "ms", "End-to-end latency of a cancel-all.");
        exchangeDuration = meter.CreateHistogram<double>(CancelAllTelemetry.Metrics.ExchangeDuration, "ms", "Exchange latency per target, retries and rate-limit waits included.");
        exchangeRetries = meter.CreateCounter<long>(CancelAllTelemetry.Metrics.ExchangeRetries, "{retry}", "HTTP attempts beyond the first.");
        rateLimitWait = meter.CreateHistogram<double>(CancelAllTelemetry.Metrics.RateLimitWait, "ms", "Time spent waiting for the per-key rate limiter.");
        repliesSent = meter.CreateCounter<long>(CancelAllTelemetry.Metrics.RepliesSent, "{reply}", "Replies accepted by Service Bus.");
        repliesFailed = meter.CreateCounter<long>(CancelAllTelemetry.Metrics.RepliesFailed, "{reply}", "Replies that could not be delivered.");
    }

    internal void RecordOutcome(CancelOutcome outcome)
    {
        var status = outcome.Status.ToString();
        var common = new TagList
        {
            { CancelAllTelemetry.Tags.Status, status },
            { CancelAllTelemetry.Tags.Source, outcome.Source },
        };
        outcomes.Add(1, common);
        duration.Record(outcome.DurationMs, common);

        foreach (var target in outcome.Targets)
        {
            var tags = new TagList
            {
                { CancelAllTelemetry.Tags.Source, outcome.Source },
                { CancelAllTelemetry.Tags.Account, outcome.Account },
                { CancelAllTelemetry.Tags.ProductType, target.ProductType },
                { CancelAllTelemetry.Tags.Status, target.Status.ToString() },
            };

            // Record zeros too: a series that exists with 0 says "ran, cancelled nothing", which absence does not.
            ordersCancelled.Add(target.CancelledCount, tags);
            ordersFailed.Add(target.FailedCount, tags);
            if (target.Attempts > 0)
            {
                exchangeDuration.Record(target.DurationMs, tags);
                exchangeRetries.Add(target.Retries, tags);
                rateLimitWait.Record(target.RateLimitWaitMs, tags);
            }
        }
    }

    internal void RecordReply(string source, ReplySendResult result)
    {
        var tags = new TagList
        {
            { CancelAllTelemetry.Tags.Source, source },
            { CancelAllTelemetry.Tags.ReplyStatus, result.Status.ToString() },
        };
        switch (result.Status)
        {
            case ReplySendStatus.Sent:
                repliesSent.Add(1, tags);
                break;
            case ReplySendStatus.Failed:
                repliesFailed.Add(1, tags);
                break;
        }
    }
}
