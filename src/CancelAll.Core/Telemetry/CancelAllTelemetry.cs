namespace CancelAll.Core.Telemetry;

/// <summary>
/// The names the core's telemetry is known by: one <see cref="System.Diagnostics.ActivitySource"/> and one
/// <see cref="System.Diagnostics.Metrics.Meter"/>, both called <see cref="SourceName"/>, the custom events, the metrics
/// and their dimensions. Dashboards, alerts and queries depend on these strings: change them only with a new version.
/// </summary>
internal static class CancelAllTelemetry
{
    /// <summary>The ActivitySource and the Meter name.</summary>
    public const string SourceName = "CancelAll";

    /// <summary>The log attribute the Azure Monitor exporter turns into a custom event name.</summary>
    public const string CustomEventNameAttribute = "microsoft.custom_event.name";

    /// <summary>One custom event per outcome, whatever the trigger.</summary>
    public const string OutcomeEventName = "CancelAllOutcome";

    /// <summary>One custom event per reply that could not be delivered.</summary>
    public const string ReplyFailedEventName = "CancelAllReplyFailed";

    public static class Metrics
    {
        /// <summary>Counter: outcomes, by status and source.</summary>
        public const string Outcomes = "cancelall.outcomes";

        /// <summary>Counter: orders cancelled, by source, account, product type.</summary>
        public const string OrdersCancelled = "cancelall.orders.cancelled";

        /// <summary>Counter: orders the exchange reported as not cancelled, by source, account, product type.</summary>
        public const string OrdersFailed = "cancelall.orders.failed";

        /// <summary>Histogram (ms): from the workflow's start to its outcome, by status and source.</summary>
        public const string Duration = "cancelall.duration";

        /// <summary>Histogram (ms): per target, the exchange call including retries and rate-limit waits.</summary>
        public const string ExchangeDuration = "cancelall.exchange.duration";

        /// <summary>Counter: HTTP attempts beyond the first, per target.</summary>
        public const string ExchangeRetries = "cancelall.exchange.retries";

        /// <summary>Histogram (ms): time spent waiting for the per-key rate limiter, per target.</summary>
        public const string RateLimitWait = "cancelall.exchange.rate_limit_wait";

        /// <summary>Counter: replies accepted by Service Bus.</summary>
        public const string RepliesSent = "cancelall.replies.sent";

        /// <summary>Counter: replies that could not be delivered after bounded retries.</summary>
        public const string RepliesFailed = "cancelall.replies.failed";
    }

    /// <summary>Dimension, event property and span tag names.</summary>
    public static class Tags
    {
        public const string Status = "status";
        public const string Source = "source";
        public const string Account = "account";
        public const string ProductType = "product_type";
        public const string ProductTypes = "product_types";

        /// <summary>The account modes (Classic, Unified) that served the targets, comma-separated; absent when none ran.</summary>
        public const string AccountModes = "account_modes";
        public const string CorrelationId = "correlation_id";
        public const string RequestMessageId = "request_message_id";
        public const string ErrorKind = "error_kind";
        public const string ErrorCode = "error_code";
        public const string TargetCount = "target_count";
        public const string ExchangeDurationMs = "exchange_duration_ms";
        public const string Attempts = "attempts";
        public const string Retries = "retries";
        public const string RateLimitWaitMs = "rate_limit_wait_ms";
        public const string ReplyStatus = "reply_status";
        public const string ReplyQueue = "reply_queue";
        public const string ReplyMessageId = "reply_message_id";
        public const string ReplyReason = "reply_reason";
        public const string BitgetCode = "bitget.code";
        public const string HttpStatusCode = "http.response.status_code";
    }
}
