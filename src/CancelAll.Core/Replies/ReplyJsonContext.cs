using System.Text.Json;
using System.Text.Json.Serialization;

namespace CancelAll.Core.Replies;

/// <summary>Source-generated JSON for the reply body and the BrokerProperties header.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false)]
[JsonSerializable(typeof(CancelAllReply))]
public sealed partial class ReplyJsonContext : JsonSerializerContext
{
    public static string Serialize(CancelAllReply reply) => JsonSerializer.Serialize(reply, Default.CancelAllReply);

    public static byte[] SerializeToUtf8(CancelAllReply reply) => JsonSerializer.SerializeToUtf8Bytes(reply, Default.CancelAllReply);

    public static CancelAllReply? Deserialize(string json) => JsonSerializer.Deserialize(json, Default.CancelAllReply);
}

/// <summary>The BrokerProperties header. Service Bus's own PascalCase names; ContentType travels as the Content-Type header.</summary>
internal sealed record BrokerProperties(string MessageId, string CorrelationId, string? SessionId, string Label);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BrokerProperties))]
internal sealed partial class BrokerPropertiesJsonContext : JsonSerializerContext
{
}
