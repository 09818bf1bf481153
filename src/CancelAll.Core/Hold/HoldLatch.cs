using System.Globalization;
using CancelAll.Core.Commands;
using CancelAll.Core.Input;
using CancelAll.Core.Kill;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Hold;

/// <summary>
/// The hold flat. A command with <c>holdMinutes</c> runs as usual; then each of its targets is held: a row in the table
/// records the hold, and a repeat is scheduled on the app's own request queue for the next interval slot. Each repeat
/// schedules the next one, claims its slot on the row (by ETag) and runs the held scope for that one target, until the
/// last hold on the target ends or is released. The MessageId of a repeat is its target and slot, so Service Bus drops
/// copies; the slot claim makes a copy that gets through (or a redelivery) cost no exchange call. No instance waits:
/// the schedule lives in the queue and the state in the table.
/// </summary>
public sealed partial class HoldLatch(
    HoldStore store,
    HoldScheduler scheduler,
    HoldRelease release,
    CancelAllWorkflow workflow,
    HoldMetrics metrics,
    IOptions<HoldOptions> options,
    IOptions<InputOptions> inputOptions,
    TimeProvider timeProvider,
    ILogger<HoldLatch> logger)
{
    // Enough for any real contention: each retry follows a write that succeeded elsewhere.
    private const int MaxWriteRaces = 10;

    private TimeSpan Interval => options.Value.Interval;

    /// <summary>Runs the command; with <c>holdMinutes</c>, then starts the hold on each of its targets.</summary>
    public async Task<CancelOutcome> RunAsync(CancelCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.HoldMinutes is not { } minutes)
        {
            return await workflow.RunAsync(command, cancellationToken).ConfigureAwait(false);
        }

        if (!options.Value.Enabled)
        {
            var error = new OutcomeError(OutcomeErrorKind.BadInput, "holdMinutes", $"holdMinutes needs holds switched on: an operator sets {HoldOptions.Section}:Queue (the app's request queue). Nothing was cancelled; send the command without holdMinutes to cancel once.");
            return CancelOutcome.NotRun(OutcomeStatus.Rejected, command.CorrelationId, command.Source.ToString().ToLowerInvariant(), command.Account, command.Reason, error, timeProvider.GetUtcNow());
        }

        var outcome = await workflow.RunAsync(command, cancellationToken).ConfigureAwait(false);
        if (outcome.Status is OutcomeStatus.Rejected or OutcomeStatus.Ignored)
        {
            return outcome;
        }

        var until = timeProvider.GetUtcNow().AddMinutes(minutes);
        var problems = await Task.WhenAll(command.Targets.Select(t => StartAsync(command, t, until, cancellationToken))).ConfigureAwait(false);
        var problem = problems.FirstOrDefault(p => p is not null);
        if (problem is null)
        {
            LogStarted(logger, command.CorrelationId, command.Account, command.Targets.Count, until, Interval);
        }
        else
        {
            LogNotStarted(logger, command.CorrelationId, command.Account, problem);
        }

        return outcome with { Hold = new OutcomeHold(command.CorrelationId, until, HoldPhases.Started, problem) };
    }

    /// <summary>Handles one scheduled repeat (a message whose body is a <see cref="HoldRepeat"/>).</summary>
    public async Task<HoldRepeatResult> RepeatAsync(HoldRepeat repeat, string correlationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repeat);
        var slotTime = HoldRepeat.TimeOf(repeat.Slot, Interval);
        for (var race = 0; race < MaxWriteRaces; race++)
        {
            var row = await store.GetAsync(repeat.Target, cancellationToken).ConfigureAwait(false);
            var latest = row?.ReadHolds().Where(h => h.Until >= slotTime).MaxBy(h => h.Until);
            if (row is null || latest is null)
            {
                if (row is not null)
                {
                    await ForgetAsync(row, cancellationToken).ConfigureAwait(false); // the chain ends here: nothing needs the row
                }

                LogEnded(logger, repeat.Target, repeat.Slot);
                metrics.Record("ended", row?.Account ?? string.Empty);
                return Quiet(correlationId, row?.Account, "hold over or released: nothing sent");
            }

            var next = Math.Max(repeat.Slot + 1, HoldRepeat.SlotAt(timeProvider.GetUtcNow(), Interval) + 1);
            var last = HoldRepeat.TimeOf(next, Interval) > latest.Until;
            if (row.LastSlot >= repeat.Slot)
            {
                if (last)
                {
                    await ForgetAsync(row, cancellationToken).ConfigureAwait(false); // e.g. the last repeat checked, then its instance died
                }

                LogDuplicate(logger, repeat.Target, repeat.Slot);
                metrics.Record("duplicate", row.Account);
                return Quiet(correlationId, row.Account, "this interval was checked already: nothing sent");
            }

            // The next repeat goes out before this one is claimed: if the send fails, the message comes back with nothing lost.
            if (!last && await scheduler.ScheduleAsync(repeat with { Slot = next }, HoldRepeat.TimeOf(next, Interval), cancellationToken).ConfigureAwait(false) is { } problem)
            {
                LogRescheduleFailed(logger, latest.Id, repeat.Target, problem);
                return new HoldRepeatResult(NotRun(OutcomeStatus.Failed, correlationId, row.Account, problem), Quiet: true, Redeliver: true);
            }

            row.LastSlot = repeat.Slot;
            if (await store.TryReplaceAsync(row, row.ETag, cancellationToken).ConfigureAwait(false) is not { } claimed)
            {
                continue; // a hold started, a release or another copy of this repeat wrote first: read again
            }

            var result = await CheckAsync(row, latest, repeat.Slot, cancellationToken).ConfigureAwait(false);
            if (last)
            {
                // The chain's last repeat: the row goes, unless a hold started or grew meanwhile (the delete is conditional).
                row.ETag = claimed;
                await ForgetAsync(row, cancellationToken).ConfigureAwait(false);
            }

            return result;
        }

        return new HoldRepeatResult(NotRun(OutcomeStatus.Failed, correlationId, null, "The hold row kept changing; the repeat is handed back."), Quiet: true, Redeliver: true);
    }

    /// <summary>
    /// Ends holds early (<see cref="HoldRelease"/>): the one with <see cref="CommandFields.Release"/>'s id, or
    /// (<c>release: true</c>) every hold of the account, narrowed to the given product types if any. The next scheduled
    /// repeat of each target finds no hold and stops without an exchange call.
    /// </summary>
    public Task<CancelOutcome> ReleaseAsync(CommandFields fields, CommandSource source, string correlationId, CancellationToken cancellationToken) =>
        release.ReleaseAsync(fields, source, correlationId, inputOptions.Value.CoinFuturesMarginCoinList, cancellationToken);

    private async Task<string?> StartAsync(CancelCommand command, CancelTarget target, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var key = HoldEntity.KeyOf(command.Account, target);
        try
        {
            var written = false;
            for (var race = 0; race < MaxWriteRaces && !written; race++)
            {
                var now = timeProvider.GetUtcNow();
                var row = await store.GetAsync(key, cancellationToken).ConfigureAwait(false) ?? new HoldEntity
                {
                    RowKey = key,
                    Account = command.Account,
                    ProductType = target.ProductType.ToString(),
                    MarginCoin = target.MarginCoin,
                    Environment = target.Environment.ToString(),
                };
                var others = row.ReadHolds().Where(h => h.Until > now && h.Id != command.CorrelationId).ToList();
                // Overlapping holds share one chain of repeats: the widest scope and the latest end win.
                var scope = others.Count == 0 ? command.Scope : (CancelScope)Math.Max((int)row.HeldScope, (int)command.Scope);
                row.Scope = scope.ToString();
                // The kill just checked this interval: a late repeat of an earlier chain for it (or before it) costs no call.
                row.LastSlot = Math.Max(row.LastSlot, HoldRepeat.SlotAt(now, Interval));
                row.WriteHolds(others.Append(new HeldBy(command.CorrelationId, until)));
                written = await store.TryReplaceAsync(row, row.ETag, cancellationToken).ConfigureAwait(false) is not null;
            }

            if (!written)
            {
                return "The hold row kept changing under concurrent writes; send the command again.";
            }

            var slot = HoldRepeat.SlotAt(timeProvider.GetUtcNow(), Interval) + 1;
            return HoldRepeat.TimeOf(slot, Interval) > until
                ? null // shorter than one interval: the kill was all of it
                : await scheduler.ScheduleAsync(new HoldRepeat(key, slot), HoldRepeat.TimeOf(slot, Interval), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or TableSettingsException)
        {
            // The table client's own message names what failed and what to fix (key, role, token, throttling, setting); it carries no secret.
            return $"The hold table could not be written: {e.Message}";
        }
        catch (InvalidOperationException e)
        {
            return $"The hold table could not be written ({e.GetType().Name}): check {HoldOptions.Section}:TableEndpoint and the app's Storage Table Data Contributor role.";
        }
    }

    private async Task<HoldRepeatResult> CheckAsync(HoldEntity row, HeldBy latest, long slot, CancellationToken cancellationToken)
    {
        var correlationId = $"{latest.Id}-hold-{slot.ToString(CultureInfo.InvariantCulture)}";
        CancelOutcome outcome;
        try
        {
            var reason = string.Create(CultureInfo.InvariantCulture, $"hold {latest.Id}: repeat until {latest.Until:O}");
            var command = new CancelCommand(row.Account, [row.Target()], CommandSource.Queue, correlationId, reason, Scope: row.HeldScope);
            outcome = await workflow.RunAsync(command, cancellationToken).ConfigureAwait(false);
        }
        catch (CommandValidationException e)
        {
            outcome = CancelOutcome.NotRun(OutcomeStatus.Rejected, correlationId, "queue", row.Account, null, OutcomeErrors.From(e), timeProvider.GetUtcNow());
        }

        if (outcome.Status == OutcomeStatus.NothingToCancel)
        {
            LogNothing(logger, latest.Id, row.RowKey, slot);
            metrics.Record("nothing", row.Account);
            return new HoldRepeatResult(outcome, Quiet: true);
        }

        LogFound(logger, latest.Id, row.RowKey, slot, outcome.Status, outcome.CancelledCount);
        metrics.Record("outcome", row.Account);
        return new HoldRepeatResult(outcome with { Hold = new OutcomeHold(latest.Id, latest.Until, HoldPhases.Repeat) }, Quiet: false);
    }

    /// <summary>
    /// Deletes a row whose chain has ended, if it is still as read. Copies and redeliveries that come later find no row and
    /// stop without an exchange call, as they would on a row without a hold. Housekeeping only: a failure is logged.
    /// </summary>
    private async Task ForgetAsync(HoldEntity row, CancellationToken cancellationToken)
    {
        try
        {
            if (await store.TryDeleteAsync(row.RowKey, row.ETag, cancellationToken).ConfigureAwait(false))
            {
                LogForgotten(logger, row.RowKey);
            }
        }
        catch (Azure.RequestFailedException e)
        {
            LogForgetFailed(logger, row.RowKey, e.Status);
        }
    }

    private HoldRepeatResult Quiet(string correlationId, string? account, string reason) =>
        new(CancelOutcome.NotRun(OutcomeStatus.Ignored, correlationId, "queue", account, reason, null, timeProvider.GetUtcNow()), Quiet: true);

    private CancelOutcome NotRun(OutcomeStatus status, string correlationId, string? account, string problem) =>
        CancelOutcome.NotRun(status, correlationId, "queue", account, null, new OutcomeError(OutcomeErrorKind.Unexpected, "hold", problem, Transient: true), timeProvider.GetUtcNow());

    [LoggerMessage(Level = LogLevel.Information, Message = "Hold {HoldId} on account {Account}: {TargetCount} target(s) held until {Until}, checked every {Interval}")]
    private static partial void LogStarted(ILogger logger, string holdId, string account, int targetCount, DateTimeOffset until, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Error, Message = "Hold {HoldId} on account {Account} could NOT be scheduled (the kill itself ran): {Problem}")]
    private static partial void LogNotStarted(ILogger logger, string holdId, string account, string problem);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Hold repeat {Target} slot {Slot}: no hold left (over or released); the chain stops")]
    private static partial void LogEnded(ILogger logger, string target, long slot);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Hold repeat {Target} slot {Slot}: this interval was checked already; no exchange call")]
    private static partial void LogDuplicate(ILogger logger, string target, long slot);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Hold {HoldId} repeat {Target} slot {Slot}: nothing to cancel")]
    private static partial void LogNothing(ILogger logger, string holdId, string target, long slot);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hold {HoldId} repeat {Target} slot {Slot}: found something, {Status}, {Cancelled} cancelled")]
    private static partial void LogFound(ILogger logger, string holdId, string target, long slot, OutcomeStatus status, int cancelled);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Hold row {Target} deleted: its chain of repeats has ended")]
    private static partial void LogForgotten(ILogger logger, string target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hold row {Target} could not be deleted (HTTP {Status}); a later release sweeps it")]
    private static partial void LogForgetFailed(ILogger logger, string target, int status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Hold {HoldId} repeat {Target}: the next repeat could not be scheduled ({Problem}); handing the message back")]
    private static partial void LogRescheduleFailed(ILogger logger, string holdId, string target, string problem);
}
