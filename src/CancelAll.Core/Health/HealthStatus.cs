using System.Text.Json.Serialization;

namespace CancelAll.Core.Health;

[JsonConverter(typeof(JsonStringEnumConverter<HealthStatus>))]
public enum HealthStatus
{
    Healthy,
    Skipped,
    Unhealthy,
}
