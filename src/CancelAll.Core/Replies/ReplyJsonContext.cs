using System.Text.Json;
using System.Text.Json.Serialization;

namespace CancelAll.Core.Replies;

/// <summary>Source-generated JSON for the outcome document (every channel), the webhook's outcome set and the BrokerProperties header.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false)]
[JsonSerializable(typeof(CancelAllReply))]
[JsonSerializable(typeof(OutcomeSet))]
public sealed partial class ReplyJsonContext : JsonSerializerContext
{
    public static string Serialize(CancelAllReply reply, bool indented = false) =>
        JsonSerializer.Serialize(reply, indented ? Indented.CancelAllReply : Default.CancelAllReply);

    public static string Serialize(OutcomeSet set) => JsonSerializer.Serialize(set, Default.OutcomeSet);

    public static byte[] SerializeToUtf8(CancelAllReply reply) => JsonSerializer.SerializeToUtf8Bytes(reply, Default.CancelAllReply);

    public static CancelAllReply? Deserialize(string json) => JsonSerializer.Deserialize(json, Default.CancelAllReply);

    private static ReplyJsonContext Indented { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    });
}
