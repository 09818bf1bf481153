using System.Text.Json;
using System.Text.Json.Serialization;

namespace CancelAll.Core.Outcomes;

/// <summary>The outcome's JSON form, shared by the CLI, the webhook answer and the reply queue.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false)]
[JsonSerializable(typeof(CancelOutcome))]
public sealed partial class OutcomeJsonContext : JsonSerializerContext
{
    public static string Serialize(CancelOutcome outcome, bool indented = false) =>
        JsonSerializer.Serialize(outcome, indented ? Indented.CancelOutcome : Default.CancelOutcome);

    private static OutcomeJsonContext Indented { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    });
}
