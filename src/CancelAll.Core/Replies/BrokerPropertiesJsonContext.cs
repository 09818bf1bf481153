using System.Text.Json.Serialization;

namespace CancelAll.Core.Replies;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BrokerProperties))]
internal sealed partial class BrokerPropertiesJsonContext : JsonSerializerContext
{
}
