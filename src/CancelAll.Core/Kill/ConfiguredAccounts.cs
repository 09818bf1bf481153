using CancelAll.Core.Input.Schedule;
using CancelAll.Core.Input.Webhooks;

namespace CancelAll.Core.Kill;

/// <summary>The accounts the configuration names: the webhook's default account and every flatten job's accounts.</summary>
internal static class ConfiguredAccounts
{
    public static IReadOnlyList<string> From(WebhookOptions webhook, ScheduleOptions schedule)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        ArgumentNullException.ThrowIfNull(schedule);
        return FlattenJob.ParseAll(schedule.Jobs).SelectMany(j => j.Accounts)
            .Prepend(webhook.DefaultAccount)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }
}
