using System.Text.Json;

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
