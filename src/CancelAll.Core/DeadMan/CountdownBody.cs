using System.Text.Json.Serialization;

namespace CancelAll.Core.DeadMan;

internal sealed record CountdownBody([property: JsonPropertyName("countdown")] string Countdown);
