using CancelAll.Core.Exchange;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CancelAll.Core.Health;

/// <summary>The exchange's public clock answers through the signed client's pipeline (resilience included).</summary>
internal sealed class ExchangeClockHealthCheck(BitgetClient client) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await client.SyncClockAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy("server time read");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"server time not reachable ({e.GetType().Name}): check CancelAll:Exchange:BaseUrl and the network");
        }
    }
}
