using Azure.Core.Pipeline;

namespace CancelAll.Core.Replies;

/// <summary>Where and how replies are sent. Bound from the configuration section <c>CancelAll:Replies</c>.</summary>
internal sealed class ReplyOptions
{
    public const string Section = "CancelAll:Replies";

    public const string DefaultQueue = "cancel-replies";

    /// <summary>
    /// The Service Bus namespace's fully qualified host, e.g. <c>sb-cancelall.servicebus.windows.net</c>.
    /// Absent: replies are disabled (outcomes still go to telemetry), and a start-up log line says so.
    /// </summary>
    public string? Namespace { get; set; }

    /// <summary>Overrides <c>https://{Namespace}/</c>, e.g. for a local test endpoint. Must be https: bearer tokens need TLS.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The reply queue. Always allowed.</summary>
    public string Queue { get; set; } = DefaultQueue;

    /// <summary>Queues a request's ReplyTo may name (an array, or one comma-separated value). Any other ReplyTo is ignored (with a warning).</summary>
    public string[] AllowedQueues { get; set; } = [];

    /// <summary>Limit for one send, retries included.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Limit for one HTTP attempt.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries after the first attempt, for 408, 429, 5xx and network failures.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First back-off delay; later ones grow exponentially up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Code only (tests): the HTTP transport, e.g. one that trusts a test certificate. A field, so that the configuration
    /// binder (generated code, which binds properties) leaves it alone.
    /// </summary>
    internal HttpPipelineTransport? Transport;

    /// <summary>True when a namespace or endpoint is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Namespace) || Endpoint is not null;

    /// <summary>The namespace's base address, or null when replies are disabled.</summary>
    public Uri? BaseAddress => Endpoint ?? (string.IsNullOrWhiteSpace(Namespace) ? null : new Uri($"https://{Namespace.Trim()}/"));

    /// <summary>The configured queue plus the allow-list, compared case-insensitively (Service Bus entity names are).</summary>
    public IReadOnlySet<string> AllowedQueueSet =>
        new HashSet<string>(
            AllowedQueues.Select(q => q.Trim()).Where(q => q.Length > 0).Append(Queue),
            StringComparer.OrdinalIgnoreCase);
}
