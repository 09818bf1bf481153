namespace CancelAll.Core.Health;

/// <summary>One check: what was checked, how it went and how long it took. Details never carry a secret.</summary>
public sealed record HealthCheck(string Name, HealthStatus Status, double DurationMs, string Detail);
