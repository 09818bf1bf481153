using CancelAll.Core.Credentials;
using CancelAll.Core.Exchange;
using CancelAll.Core.Input.Schedule;
using CancelAll.Core.Input.Webhooks;
using CancelAll.Core.Kill;
using CancelAll.Core.Outcomes;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Health;

/// <summary>
/// Each configured account's mode (classic or unified Trading Account), as a kill will use it: from the account's
/// setting, from the cache that warm-up filled, or else with one read (GET /api/v3/account/settings). An account whose
/// keys or mode cannot be found makes the check unhealthy, named with the error's kind only (never its text).
/// </summary>
internal sealed class AccountModesHealthCheck(
    ICredentialsProvider credentials,
    AccountApis apis,
    IOptions<WebhookOptions> webhookOptions,
    IOptions<ScheduleOptions> scheduleOptions) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var found = new List<string>();
        var unknown = new List<string>();
        foreach (var account in ConfiguredAccounts.From(webhookOptions.Value, scheduleOptions.Value))
        {
            try
            {
                var keys = await credentials.GetAsync(account, cancellationToken).ConfigureAwait(false);
                var mode = await apis.DetectAsync(account, keys, cancellationToken).ConfigureAwait(false);
                found.Add($"{account}: {(mode == AccountMode.Unified ? "unified (V3)" : "classic (V2)")}");
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                unknown.Add($"{account}: not known ({OutcomeErrors.From(e).Kind})");
            }
        }

        var detail = string.Join("; ", found.Concat(unknown));
        return unknown.Count == 0
            ? HealthCheckResult.Healthy(detail)
            : HealthCheckResult.Unhealthy(detail + ". Check the account's keys; a key that may not read account settings needs the \"UTA mgt\" read permission, or set CancelAll:Exchange:AccountModes:<account>.");
    }
}
