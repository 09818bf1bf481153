using System.Text.Json;
using System.Text.Json.Serialization;

namespace CancelAll.Core.DeadMan;

/// <summary>What <c>POST /api/heartbeat</c> answers: the switch as recorded, or the error that names what is wrong.</summary>
public sealed record HeartbeatAnswer(
    string Status,
    string? Account = null,
    string? State = null,
    int? TimeoutSeconds = null,
    DateTimeOffset? LapsesAt = null,
    string? Scope = null,
    string? Countdown = null,
    HeartbeatError? Error = null)
{
    public string ToJson() => JsonSerializer.Serialize(this, HeartbeatJsonContext.Default.HeartbeatAnswer);
}

/// <summary>The field at fault (or null) and a message that says how to fix it.</summary>
public sealed record HeartbeatError(string? Field, string Message);

/// <summary>An answer and its HTTP status.</summary>
public sealed record HeartbeatResponse(int StatusCode, HeartbeatAnswer Answer)
{
    public const string ContentType = "application/json; charset=utf-8";

    public string Body => Answer.ToJson();
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HeartbeatAnswer))]
internal sealed partial class HeartbeatJsonContext : JsonSerializerContext;
