using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Replies;

/// <summary>Where and how replies are sent. Bound from the configuration section <c>CancelAll:Replies</c>.</summary>
public sealed class ReplyOptions
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

internal sealed partial class ReplyOptionsValidator(IServiceProvider services) : IValidateOptions<ReplyOptions>
{
    public ValidateOptionsResult Validate(string? name, ReplyOptions options)
    {
        var failures = new List<string>();
        var prefix = ReplyOptions.Section + ":";
        if (!string.IsNullOrWhiteSpace(options.Namespace) && !HostName().IsMatch(options.Namespace.Trim()))
        {
            failures.Add($"{prefix}Namespace must be the namespace's host name only, such as sb-cancelall.servicebus.windows.net (no https://, no path).");
        }

        if (options.Endpoint is { } endpoint && (!endpoint.IsAbsoluteUri || endpoint.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"{prefix}Endpoint must be an absolute https URL: Service Bus bearer tokens are only sent over TLS.");
        }

        if (!QueueName().IsMatch(options.Queue ?? string.Empty))
        {
            failures.Add($"{prefix}Queue '{options.Queue}' is not a queue name: use letters, digits, '.', '-', '_' (starting and ending with a letter or digit).");
        }

        foreach (var queue in options.AllowedQueues.Select(q => q.Trim()).Where(q => q.Length > 0))
        {
            if (!QueueName().IsMatch(queue))
            {
                failures.Add($"{prefix}AllowedQueues has '{queue}', which is not a queue name: give comma-separated names such as replies-desk1,replies-desk2.");
            }
        }

        if (options.SendTimeout <= TimeSpan.Zero || options.SendTimeout > TimeSpan.FromMinutes(2))
        {
            failures.Add($"{prefix}SendTimeout must be more than 0 and at most 2 minutes.");
        }

        if (options.NetworkTimeout <= TimeSpan.Zero || options.NetworkTimeout > options.SendTimeout)
        {
            failures.Add($"{prefix}NetworkTimeout must be more than 0 and no longer than {prefix}SendTimeout.");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add($"{prefix}MaxRetries must be between 0 and 10.");
        }

        if (options.RetryDelay < TimeSpan.Zero || options.MaxRetryDelay < options.RetryDelay || options.MaxRetryDelay > TimeSpan.FromSeconds(30))
        {
            failures.Add($"{prefix}RetryDelay must be at least 0 and {prefix}MaxRetryDelay between it and 30 seconds.");
        }

        if (options.Enabled && services.GetService<TokenCredential>() is null)
        {
            failures.Add($"{prefix}Namespace is set, but no Azure.Core.TokenCredential is registered: register the app's identity credential (AddCancelAllCredentials does) before sending replies.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")]
    private static partial Regex HostName();

    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9._-]{0,258}[A-Za-z0-9])?$")]
    internal static partial Regex QueueName();
}
