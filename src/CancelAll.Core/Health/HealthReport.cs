using System.Text.Json;

namespace CancelAll.Core.Health;

/// <summary>
/// What GET /api/health answers: <c>{"status", "checkedAt", "checks": [{"name", "status", "durationMs", "detail"}]}</c>,
/// checks in the order configuration, vault, exchange, accounts; a status is Healthy, Skipped (not configured) or Unhealthy.
/// </summary>
public sealed record HealthReport(HealthStatus Status, DateTimeOffset CheckedAt, IReadOnlyList<HealthCheck> Checks)
{
    /// <summary>200 when every check passed or was skipped, 503 otherwise, so that a probe can alert on it.</summary>
    public int HttpStatus => Status == HealthStatus.Unhealthy ? 503 : 200;

    public string ToJson() => JsonSerializer.Serialize(this, HealthJsonContext.Default.HealthReport);
}
