using System.Text.Json.Serialization;

namespace CancelAll.Core.Hold;

/// <summary>Source-generated JSON for the hold rows, the repeat body and the scheduled message's BrokerProperties.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<HeldBy>))]
[JsonSerializable(typeof(HoldRepeatBody))]
internal sealed partial class HoldJsonContext : JsonSerializerContext
{
}

/// <summary>Service Bus's BrokerProperties header of a scheduled message, in its own PascalCase names.</summary>
internal sealed record ScheduledBrokerProperties(string MessageId, string ScheduledEnqueueTimeUtc, string Label);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ScheduledBrokerProperties))]
internal sealed partial class ScheduledBrokerPropertiesJsonContext : JsonSerializerContext
{
}
