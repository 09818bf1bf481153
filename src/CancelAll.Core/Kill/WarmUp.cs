using CancelAll.Core.Credentials;
using CancelAll.Core.Exchange;
using CancelAll.Core.Input.Schedule;
using CancelAll.Core.Input.Webhooks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Kill;

/// <summary>
/// Does at start-up what the first alert would otherwise pay for: reads the exchange clock (which also opens the
/// connection and builds the resilience pipeline) and loads the keys of every configured account. An alert that
/// arrives right after a cold start then costs one round trip, not a vault read and a handshake.
/// It also finds each account's mode (classic or unified), so that the first kill goes straight to the right API.
/// Failures are logged and never stop the host: the first real request will try again.
/// </summary>
public sealed partial class WarmUp(
    BitgetClient client,
    ICredentialsProvider credentials,
    AccountApis apis,
    IOptions<WebhookOptions> webhookOptions,
    IOptions<ScheduleOptions> scheduleOptions,
    ILogger<WarmUp> logger) : BackgroundService
{
    /// <summary>The accounts the configuration names: the webhook default and every flatten job's.</summary>
    public IReadOnlyList<string> ConfiguredAccounts() => Kill.ConfiguredAccounts.From(webhookOptions.Value, scheduleOptions.Value);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await client.SyncClockAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogWarmUpFailed(logger, "exchange clock", e.GetType().Name);
        }

        foreach (var account in ConfiguredAccounts())
        {
            try
            {
                var keys = await credentials.GetAsync(account, stoppingToken).ConfigureAwait(false);
                LogAccountLoaded(logger, account);
                if (keys is not null)
                {
                    var mode = await apis.DetectAsync(account, keys, stoppingToken).ConfigureAwait(false);
                    LogAccountMode(logger, account, mode);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogWarmUpFailed(logger, "account " + account, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Warm-up: keys of account {Account} loaded")]
    private static partial void LogAccountLoaded(ILogger logger, string account);

    [LoggerMessage(Level = LogLevel.Information, Message = "Warm-up: account {Account} is in {Mode} mode")]
    private static partial void LogAccountMode(ILogger logger, string account, AccountMode mode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warm-up of {What} failed ({Problem}); the first request will try again")]
    private static partial void LogWarmUpFailed(ILogger logger, string what, string problem);
}
