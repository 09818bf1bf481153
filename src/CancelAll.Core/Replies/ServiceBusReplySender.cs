using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using CancelAll.Core.AzureSdk;
using CancelAll.Core.Commands;
using CancelAll.Core.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Replies;

/// <summary>
/// Sends replies with the Service Bus REST API (<c>POST https://{namespace}/{queue}/messages</c>) on Azure.Core's
/// pipeline: the SDK's retry policy (408, 429, 5xx, network failures; bounded by <see cref="ReplyOptions"/>), its
/// bearer-token policy (scope <see cref="Scope"/>, token cached and refreshed by the policy) and its redacting logging.
/// Delivery failures are returned, never thrown; the caller decides whether the request is redelivered.
/// </summary>
internal sealed partial class ServiceBusReplySender : IReplySender
{
    public const string Scope = "https://servicebus.azure.net/.default";

    /// <summary>The reply's Label (Subject in the AMQP SDKs).</summary>
    public const string Label = "cancel-all.reply";

    /// <summary>Custom property with the outcome status, e.g. <c>"Succeeded"</c>: subscribers can filter on it.</summary>
    public const string StatusProperty = "CancelAllStatus";

    /// <summary>Custom property with the trigger: <c>"http"</c>, <c>"queue"</c>, <c>"timer"</c>.</summary>
    public const string SourceProperty = "CancelAllSource";

    public const string BrokerPropertiesHeader = "BrokerProperties";

    private const string AttemptsProperty = "CancelAll.Replies.Attempts";

    private readonly ReplyOptions options;
    private readonly IReadOnlySet<string> allowedQueues;
    private readonly HttpPipeline? pipeline;
    private readonly ILogger<ServiceBusReplySender> logger;

    public ServiceBusReplySender(IOptions<ReplyOptions> options, TokenCredential? credential, ILogger<ServiceBusReplySender> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.logger = logger;
        allowedQueues = this.options.AllowedQueueSet;
        if (this.options.Enabled)
        {
            if (credential is null)
            {
                throw new InvalidOperationException($"{ReplyOptions.Section}:Namespace is set, but no TokenCredential was given: replies need the app's managed identity.");
            }

            pipeline = BuildPipeline(this.options, credential);
        }
    }

    public bool Enabled => pipeline is not null;

    /// <summary>The configured reply queue, used unless a request's ReplyTo is on the allow-list.</summary>
    public string DefaultQueue => options.Queue;

    public async Task<ReplySendResult> SendAsync(CancelAllReply reply, ReplyContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(context);
        var messageId = ReplyMessageIds.For(context);
        var queue = ResolveQueue(context);
        if (pipeline is null)
        {
            return ReplySendResult.Disabled(queue, messageId);
        }

        var endpoint = options.BaseAddress!;
        using var activity = CancelAllActivitySource.Instance.StartActivity($"ServiceBus send {queue}", ActivityKind.Client);
        activity?.SetTag("messaging.system", "servicebus");
        activity?.SetTag("messaging.operation.type", "send");
        activity?.SetTag("messaging.destination.name", queue);
        activity?.SetTag("messaging.message.id", messageId);
        activity?.SetTag("server.address", endpoint.Host);
        activity?.SetTag(CancelAllTelemetry.Tags.CorrelationId, context.CorrelationId);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.SendTimeout);
        using var message = pipeline.CreateMessage();
        var attempts = new AttemptCounter();
        message.SetProperty(AttemptsProperty, attempts);
        var request = message.Request;
        request.Method = RequestMethod.Post;
        request.Uri.Reset(new Uri(endpoint, Uri.EscapeDataString(queue) + "/messages"));
        request.Headers.Add(BrokerPropertiesHeader, JsonSerializer.Serialize(
            new BrokerProperties(messageId, context.ReplyCorrelationId, string.IsNullOrEmpty(context.ReplyToSessionId) ? null : context.ReplyToSessionId, Label),
            BrokerPropertiesJsonContext.Default.BrokerProperties));
        // Custom properties travel as headers; a quoted value is a string property.
        request.Headers.Add(StatusProperty, Quoted(reply.Status));
        request.Headers.Add(SourceProperty, Quoted(reply.Source));
        // The message's ContentType is the HTTP Content-Type header (not a BrokerProperties field).
        request.Headers.Add(HttpHeader.Names.ContentType, "application/json");
        request.Content = RequestContent.Create(ReplyJsonContext.SerializeToUtf8(reply));

        ReplySendResult result;
        try
        {
            await pipeline.SendAsync(message, timeout.Token).ConfigureAwait(false);
            result = Classify(message.Response.Status, queue, messageId, attempts.Count);
        }
        catch (Exception e) when (e is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            result = new ReplySendResult(ReplySendStatus.Failed, queue, messageId, "The host cancelled the send before Service Bus answered (shutdown or function timeout).", null, attempts.Count);
        }
        catch (Exception e) when (IsTimeout(e))
        {
            result = new ReplySendResult(ReplySendStatus.Failed, queue, messageId, string.Create(CultureInfo.InvariantCulture, $"Service Bus did not answer in time ({options.NetworkTimeout.TotalSeconds:0.#} s per attempt, {options.SendTimeout.TotalSeconds:0.#} s in all) after {attempts.Count} attempt(s). Check the network path to {endpoint.Host}."), null, attempts.Count);
        }
        catch (Exception e)
        {
            // Only the type: messages of network and identity failures are not written for operators and may carry anything.
            var what = e is AggregateException { InnerExceptions.Count: > 0 } a ? a.InnerExceptions[^1].GetType().Name : e.GetType().Name;
            var hint = IsCredentialFailure(e)
                ? "No token for Service Bus could be obtained: check the app's managed identity."
                : $"The send to {endpoint.Host} failed ({what}) after {attempts.Count} attempt(s).";
            result = new ReplySendResult(ReplySendStatus.Failed, queue, messageId, hint, null, attempts.Count);
        }

        activity?.SetTag(CancelAllTelemetry.Tags.HttpStatusCode, result.HttpStatus);
        activity?.SetTag(CancelAllTelemetry.Tags.Attempts, result.Attempts);
        if (result.Status == ReplySendStatus.Sent)
        {
            LogSent(logger, context.CorrelationId, queue, messageId, result.Attempts);
        }
        else
        {
            activity?.SetStatus(ActivityStatusCode.Error, result.Reason);
            var httpStatus = result.HttpStatus?.ToString(CultureInfo.InvariantCulture) ?? "none (no answer)";
            LogFailed(logger, context.CorrelationId, queue, messageId, httpStatus, result.Attempts, result.Reason ?? string.Empty);
        }

        return result;
    }

    /// <summary>The request's ReplyTo when it is on the allow-list, else the configured queue (with a warning).</summary>
    internal string ResolveQueue(ReplyContext context)
    {
        if (string.IsNullOrWhiteSpace(context.ReplyTo))
        {
            return options.Queue;
        }

        var replyTo = context.ReplyTo.Trim();
        if (allowedQueues.Contains(replyTo))
        {
            return replyTo;
        }

        LogReplyToRefused(logger, context.CorrelationId, CancelTarget.Printable(replyTo), options.Queue);
        return options.Queue;
    }

    private static ReplySendResult Classify(int status, string queue, string messageId, int attempts)
    {
        var reason = status switch
        {
            (int)HttpStatusCode.Created => null,
            (int)HttpStatusCode.Unauthorized => "Service Bus rejected the token (401): check the app's managed identity and that it is enabled.",
            (int)HttpStatusCode.Forbidden => $"Service Bus refused the send (403): give the app's identity the Azure Service Bus Data Sender role on queue {queue}; a 403 can also mean the quota is exceeded or the message is too large.",
            (int)HttpStatusCode.NotFound or (int)HttpStatusCode.Gone => $"Queue {queue} does not exist in the namespace: create it, or fix {ReplyOptions.Section}:Queue / AllowedQueues.",
            (int)HttpStatusCode.TooManyRequests => $"Service Bus kept throttling (429) after {attempts} attempt(s).",
            >= 500 => $"Service Bus was unavailable (HTTP {status}) after {attempts} attempt(s).",
            _ => $"Service Bus answered HTTP {status} instead of 201.",
        };
        return new ReplySendResult(reason is null ? ReplySendStatus.Sent : ReplySendStatus.Failed, queue, messageId, reason, status, attempts);
    }

    private static bool IsTimeout(Exception e) => e switch
    {
        OperationCanceledException => true,
        AggregateException a => a.InnerExceptions.Count > 0 && a.InnerExceptions.All(i => i is OperationCanceledException),
        _ => false,
    };

    // Azure.Identity's AuthenticationFailedException / CredentialUnavailableException, without depending on Azure.Identity.
    private static bool IsCredentialFailure(Exception e) =>
        e.GetType().Name is "AuthenticationFailedException" or "CredentialUnavailableException"
        || e.InnerException?.GetType().Name is "AuthenticationFailedException" or "CredentialUnavailableException";

    private static string Quoted(string value) => "\"" + value.Replace("\"", string.Empty, StringComparison.Ordinal) + "\"";

    /// <summary>The Service Bus REST pipeline (retry, bearer token, redacting logging): replies and hold schedules share it.</summary>
    internal static HttpPipeline BuildPipeline(ReplyOptions options, TokenCredential credential)
    {
        var clientOptions = new ReplyClientOptions();
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Delay = options.RetryDelay;
        clientOptions.Retry.MaxDelay = options.MaxRetryDelay;
        clientOptions.Retry.NetworkTimeout = options.NetworkTimeout;
        // NetworkTimeout alone lets a trickling body run on until SendTimeout, unretried.
        clientOptions.AddPolicy(new WholeAttemptTimeoutPolicy(options.NetworkTimeout), HttpPipelinePosition.BeforeTransport);
        clientOptions.Diagnostics.IsLoggingContentEnabled = false;
        clientOptions.Diagnostics.ApplicationId = "cancel-all";
        if (options.Transport is not null)
        {
            clientOptions.Transport = options.Transport;
        }

        return HttpPipelineBuilder.Build(
            clientOptions,
            perCallPolicies: [],
            perRetryPolicies: [new AttemptCountingPolicy(), new BearerTokenAuthenticationPolicy(credential, Scope)],
            new ResponseClassifier());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reply for {CorrelationId} sent to queue {Queue} as message {ReplyMessageId} after {Attempts} attempt(s)")]
    private static partial void LogSent(ILogger logger, string correlationId, string queue, string replyMessageId, int attempts);

    // Debug: the publisher's "Reply LOST" line (the CancelAllReplyFailed record) is the one line for this event.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Reply for {CorrelationId} to queue {Queue} (message {ReplyMessageId}) NOT delivered: HTTP {HttpStatus}, {Attempts} attempt(s). {Reason}")]
    private static partial void LogFailed(ILogger logger, string correlationId, string queue, string replyMessageId, string httpStatus, int attempts, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {CorrelationId} asked for replies on '{ReplyTo}', which is not on CancelAll:Replies:AllowedQueues; replying on {Queue} instead")]
    private static partial void LogReplyToRefused(ILogger logger, string correlationId, string replyTo, string queue);

    private sealed class ReplyClientOptions : ClientOptions
    {
    }

    private sealed class AttemptCounter
    {
        private int count;

        public int Count => Volatile.Read(ref count);

        public void Increment() => Interlocked.Increment(ref count);
    }

    /// <summary>Per-retry: counts the HTTP attempts of one send, for the result, the log and the span.</summary>
    private sealed class AttemptCountingPolicy : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message)
        {
            if (message.TryGetProperty(AttemptsProperty, out var value) && value is AttemptCounter counter)
            {
                counter.Increment();
            }
        }
    }
}
