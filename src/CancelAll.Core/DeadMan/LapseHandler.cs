using System.Globalization;
using Azure;
using CancelAll.Core.Commands;
using CancelAll.Core.Input;
using CancelAll.Core.Kill;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Replies;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.DeadMan;

/// <summary>
/// The lapse timer's behaviour: finds switches whose heartbeats stopped and runs each one's scope once per lapse.
/// A run first claims the lapse with a conditional write on the row's ETag (Armed → Firing); only the run whose write
/// wins cancels, so two instances, or a repeated run, flatten once. A claim whose run never recorded its end (the
/// instance died) is taken over after <see cref="DeadManOptions.ClaimTimeout"/>, with the same correlation id.
/// A fresh heartbeat re-arms the switch at any time.
/// </summary>
public sealed partial class LapseHandler(
    HeartbeatStore store,
    CancelAllWorkflow workflow,
    OutcomePublisher publisher,
    IOptions<DeadManOptions> options,
    IOptions<InputOptions> inputOptions,
    TimeProvider timeProvider,
    ILogger<LapseHandler> logger)
{
    /// <summary>Runs every lapsed switch this run could claim; returns their outcomes (empty when nothing lapsed).</summary>
    public async Task<IReadOnlyList<CancelOutcome>> RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return [];
        }

        var now = timeProvider.GetUtcNow();
        var due = (await store.ListAsync(cancellationToken).ConfigureAwait(false))
            .Where(row => row.SwitchState switch
            {
                SwitchState.Armed => row.LapsesAt <= now,
                SwitchState.Firing => row.ClaimedAt is not { } claimed || claimed <= now - settings.ClaimTimeout,
                _ => false,
            })
            .ToList();
        var outcomes = await Task.WhenAll(due.Select(row => FireAsync(row, now, cancellationToken))).ConfigureAwait(false);
        return outcomes.OfType<CancelOutcome>().ToList();
    }

    private async Task<CancelOutcome?> FireAsync(HeartbeatEntity row, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var read = row.ETag;
        var takeover = row.SwitchState == SwitchState.Firing;
        row.State = nameof(SwitchState.Firing);
        row.ClaimedAt = now;
        row.LapseCorrelationId ??= $"deadman-{row.RowKey}-{row.BeatId}";
        if (await store.TryReplaceAsync(row, read, cancellationToken).ConfigureAwait(false) is not { } claim)
        {
            LogLostClaim(logger, row.RowKey);
            return null; // another run claimed it first, or a heartbeat re-armed it
        }

        LogLapsed(logger, row.RowKey, row.LastBeatAt, row.TimeoutSeconds, row.Scope, takeover);
        var outcome = await RunScopeAsync(row, cancellationToken).ConfigureAwait(false);
        await publisher.PublishAsync(outcome, ReplyContext.ForTimer(outcome.CorrelationId), cancellationToken).ConfigureAwait(false);

        row.State = nameof(SwitchState.Fired);
        row.LapseStatus = outcome.Status.ToString();
        if (await store.TryReplaceAsync(row, claim, cancellationToken).ConfigureAwait(false) is null)
        {
            LogRearmedWhileFiring(logger, row.RowKey); // a heartbeat arrived meanwhile: it wins, the switch stays armed
        }

        return outcome;
    }

    private async Task<CancelOutcome> RunScopeAsync(HeartbeatEntity row, CancellationToken cancellationToken)
    {
        var correlationId = row.LapseCorrelationId!;
        var reason = string.Create(CultureInfo.InvariantCulture, $"dead-man's switch: no heartbeat since {row.LastBeatAt:O} (timeout {row.TimeoutSeconds} s)");
        try
        {
            if (!options.Value.ParsedAccounts.TryGetValue(row.RowKey, out var account))
            {
                throw new CommandValidationException("account", $"Account '{row.RowKey}' lapsed but is no longer in {DeadManOptions.Section}:Accounts, so its targets are unknown: nothing was cancelled.");
            }

            var scope = CommandJson.Scope(row.Scope, "scope") ?? CancelScope.Flatten;
            var command = new CancelCommand(account.Account, account.Targets(inputOptions.Value.CoinFuturesMarginCoinList), CommandSource.Timer, correlationId, reason, Scope: scope);
            return await workflow.RunAsync(command, cancellationToken).ConfigureAwait(false);
        }
        catch (CommandValidationException e)
        {
            return CancelOutcome.NotRun(OutcomeStatus.Rejected, correlationId, "timer", row.RowKey, reason, OutcomeErrors.From(e), timeProvider.GetUtcNow());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead-man's switch for account {Account} lapsed (last heartbeat {LastBeatAt}, timeout {TimeoutSeconds} s): running scope {Scope} (takeover of a stale claim: {Takeover})")]
    private static partial void LogLapsed(ILogger logger, string account, DateTimeOffset lastBeatAt, int timeoutSeconds, string scope, bool takeover);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dead-man's switch for account {Account}: another run claimed this lapse, or a heartbeat re-armed it; skipped")]
    private static partial void LogLostClaim(ILogger logger, string account);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dead-man's switch for account {Account}: a heartbeat re-armed it while the lapse ran; it stays armed")]
    private static partial void LogRearmedWhileFiring(ILogger logger, string account);
}
