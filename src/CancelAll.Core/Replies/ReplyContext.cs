using CancelAll.Core.Commands;

namespace CancelAll.Core.Replies;

/// <summary>
/// What a trigger knows about where an outcome's reply goes and how it is correlated.
/// For a queue request: the request's MessageId, ReplyTo and ReplyToSessionId. For HTTP and timer: the correlation id only.
/// </summary>
/// <param name="CorrelationId">The command's correlation id (generated for HTTP; derived from job and session date for the timer).</param>
/// <param name="Source">Which trigger produced the outcome.</param>
/// <param name="RequestMessageId">The Service Bus request's MessageId; null for HTTP, timer and CLI.</param>
/// <param name="ReplyTo">The request's ReplyTo. Honoured only when it names a queue on <c>CancelAll:Replies:AllowedQueues</c>.</param>
/// <param name="ReplyToSessionId">The request's ReplyToSessionId, which becomes the reply's SessionId.</param>
public sealed record ReplyContext(
    string CorrelationId,
    CommandSource Source,
    string? RequestMessageId = null,
    string? ReplyTo = null,
    string? ReplyToSessionId = null)
{
    public static ReplyContext ForQueue(string requestMessageId, string correlationId, string? replyTo = null, string? replyToSessionId = null) =>
        new(correlationId, CommandSource.Queue, requestMessageId, replyTo, replyToSessionId);

    public static ReplyContext ForHttp(string correlationId) => new(correlationId, CommandSource.Http);

    public static ReplyContext ForTimer(string correlationId) => new(correlationId, CommandSource.Timer);

    /// <summary>The reply's CorrelationId: the request's MessageId when there is one, else the correlation id.</summary>
    public string ReplyCorrelationId => string.IsNullOrEmpty(RequestMessageId) ? CorrelationId : RequestMessageId;

    /// <summary>True when a lost reply must be handed back to the trigger (so that Service Bus redelivers the request).</summary>
    public bool RedeliversOnFailure => Source == CommandSource.Queue;

    /// <summary>The source as outcomes, events and metrics spell it.</summary>
    public string SourceName => Source.ToString().ToLowerInvariant();
}
