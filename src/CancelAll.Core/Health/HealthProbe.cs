using Microsoft.Extensions.Diagnostics.HealthChecks;
using Checks = Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CancelAll.Core.Health;

/// <summary>
/// Runs the app's health checks (Microsoft.Extensions.Diagnostics.HealthChecks, one per dependency: configuration,
/// vault, exchange clock, account modes) and turns them into the <see cref="HealthReport"/> GET /api/health answers. A check that
/// throws or runs out of time is reported Unhealthy under its own name: the probe itself never fails.
/// </summary>
public sealed class HealthProbe(HealthCheckService checks, TimeProvider timeProvider)
{
    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        var report = await checks.CheckHealthAsync(r => r.Tags.Contains(HealthServiceCollectionExtensions.Tag), cancellationToken).ConfigureAwait(false);
        var entries = HealthServiceCollectionExtensions.CheckNames
            .Where(report.Entries.ContainsKey)
            .Select(name => ToCheck(name, report.Entries[name]))
            .ToList();
        var status = entries.Any(c => c.Status == HealthStatus.Unhealthy) ? HealthStatus.Unhealthy : HealthStatus.Healthy;
        return new HealthReport(status, timeProvider.GetUtcNow(), entries);
    }

    private static HealthCheck ToCheck(string name, HealthReportEntry entry)
    {
        var status = entry.Status switch
        {
            Checks.HealthStatus.Healthy when entry.Data.ContainsKey(HealthServiceCollectionExtensions.SkippedKey) => HealthStatus.Skipped,
            Checks.HealthStatus.Healthy => HealthStatus.Healthy,
            _ => HealthStatus.Unhealthy,
        };

        // A check that threw never shows its exception's message: only the checks' own words are reported.
        var detail = entry.Exception switch
        {
            null => entry.Description ?? string.Empty,
            OperationCanceledException => $"no answer within {HealthServiceCollectionExtensions.CheckTimeout.TotalSeconds:0} s",
            var e => $"the check failed ({e.GetType().Name})",
        };
        return new HealthCheck(name, status, entry.Duration.TotalMilliseconds, detail);
    }
}
