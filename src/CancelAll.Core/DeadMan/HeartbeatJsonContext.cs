using System.Text.Json.Serialization;

namespace CancelAll.Core.DeadMan;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HeartbeatAnswer))]
internal sealed partial class HeartbeatJsonContext : JsonSerializerContext;
