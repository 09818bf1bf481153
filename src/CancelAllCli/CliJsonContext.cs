using System.Text.Json.Serialization;

namespace CancelAll.Cli;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(CliErrorJson))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
