namespace CancelAll.Core.Replies;

/// <summary>The BrokerProperties header. Service Bus's own PascalCase names; ContentType travels as the Content-Type header.</summary>
internal sealed record BrokerProperties(string MessageId, string CorrelationId, string? SessionId, string Label);
