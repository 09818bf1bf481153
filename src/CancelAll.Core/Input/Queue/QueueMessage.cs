namespace CancelAll.Core.Input.Queue;

/// <summary>A Service Bus request as the trigger forwards it: the body plus the metadata request/reply needs.</summary>
public sealed record QueueMessage(string Body, string? MessageId, string? CorrelationId, string? ReplyTo, string? ReplyToSessionId, int DeliveryCount)
{
    /// <summary>
    /// Builds the message from the trigger's binding data (MessageId, CorrelationId, ReplyTo, ReplyToSessionId,
    /// DeliveryCount). Missing entries stay null; a delivery count that cannot be read counts as the first delivery.
    /// </summary>
    public static QueueMessage FromBindingData(string body, IReadOnlyDictionary<string, object?> bindingData)
    {
        ArgumentNullException.ThrowIfNull(bindingData);
        string? Text(string name) => bindingData.TryGetValue(name, out var value) && value?.ToString() is { Length: > 0 } text ? text.Trim('"') : null;
        var deliveries = int.TryParse(Text("DeliveryCount"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count) && count > 0 ? count : 1;
        return new QueueMessage(body, Text("MessageId"), Text("CorrelationId"), Text("ReplyTo"), Text("ReplyToSessionId"), deliveries);
    }
}
