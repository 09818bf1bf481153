using System.Globalization;
using CancelAll.Core.Commands;
using CancelAll.Core.Input;
using CancelAll.Core.Outcomes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Hold;

/// <summary>
/// Ends holds early, on the table alone: the row is the hold's state of record (a repeat that finds no hold on its row
/// stops without an exchange call), so a release needs neither the queue nor a running app. The webhook and the queue
/// reach it through <see cref="HoldLatch.ReleaseAsync"/>; the CLI calls it directly, with the operator's Azure login.
/// A row left without a live hold is deleted; a release also deletes any other row whose holds have all ended.
/// </summary>
public sealed partial class HoldRelease(
    HoldStore store,
    IOptions<HoldOptions> options,
    TimeProvider timeProvider,
    ILogger<HoldRelease> logger)
{
    // Enough for any real contention: each retry follows a write that succeeded elsewhere.
    private const int MaxWriteRaces = 10;

    /// <summary>What is wrong with the table settings a release needs (the setting, its environment variable, the fix), or null.</summary>
    /// <remarks>A missing credential is the table client's own error (AppTable), raised when it is first made.</remarks>
    public string? TableProblem() => HoldOptionsValidator.TableFailures(options.Value, credentialRegistered: true) is { Count: > 0 } failures
        ? string.Join(" ", failures)
        : null;

    /// <summary>
    /// Ends the hold with <see cref="CommandFields.Release"/>'s id, or (<c>release: true</c>) every hold of the account,
    /// narrowed to the given product types if any. An unknown or ended hold is a Rejected outcome that says so.
    /// </summary>
    /// <param name="coinFuturesMarginCoins">How <c>all</c> and <c>COIN-FUTURES</c> expand, as for a command.</param>
    public async Task<CancelOutcome> ReleaseAsync(CommandFields fields, CommandSource source, string correlationId, IReadOnlyList<string>? coinFuturesMarginCoins, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var sourceName = source.ToString().ToLowerInvariant();
        var now = timeProvider.GetUtcNow();
        try
        {
            var byId = fields.Release == CommandFields.ReleaseAll ? null : fields.Release!;
            var account = byId is null ? CommandAccounts.Validate(fields.Account) : fields.Account;
            var keys = byId is null && fields.ProductTypes is { } types
                ? TargetParser.Parse(types, fields.MarginCoin, fields.Demo ?? false, coinFuturesMarginCoins).Select(t => HoldEntity.KeyOf(account!, t)).ToHashSet(StringComparer.Ordinal)
                : null;
            bool Releases(HeldBy hold) => hold.Until > now && (byId is null || hold.Id == byId);
            bool Matches(HoldEntity row) =>
                (byId is not null || (row.Account == account && (keys is null || keys.Contains(row.RowKey)))) && row.ReadHolds().Any(Releases);

            if (TableProblem() is { } problem)
            {
                var off = options.Value.Enabled ? string.Empty : $" (holds are switched off: {HoldOptions.Section}:Queue is empty)";
                throw new CommandValidationException("release", $"There is no hold table to release from{off}. {problem}");
            }

            var all = await store.ListAsync(cancellationToken).ConfigureAwait(false);
            var rows = all.Where(Matches).ToList();
            await SweepAsync(all.Where(r => !r.ReadHolds().Any(h => h.Until > now)), cancellationToken).ConfigureAwait(false);
            if (rows.Count == 0)
            {
                throw new CommandValidationException("release", byId is null
                    ? $"Account '{account}' has no active hold{(keys is null ? string.Empty : " on those product types")}: it may have ended already."
                    : $"No active hold has id '{CancelTarget.Printable(byId)}': it may have ended already. The id is the correlationId of the command that started the hold.");
            }

            foreach (var row in rows)
            {
                await ReleaseRowAsync(row, Releases, Matches, cancellationToken).ConfigureAwait(false);
            }

            var holdId = byId ?? CommandFields.ReleaseAll;
            LogReleased(logger, correlationId, holdId, rows[0].Account, rows.Count);
            var reason = string.Create(CultureInfo.InvariantCulture, $"released {(byId is null ? "every hold" : "hold " + byId)} on {rows.Count} target(s)");
            return CancelOutcome.NotRun(OutcomeStatus.Ignored, correlationId, sourceName, rows[0].Account, reason, null, now) with
            {
                Hold = new OutcomeHold(holdId, now, HoldPhases.Released),
            };
        }
        catch (CommandValidationException e)
        {
            LogReleaseRejected(logger, correlationId, e.Message);
            return CancelOutcome.NotRun(OutcomeStatus.Rejected, correlationId, sourceName, fields.Account, null, OutcomeErrors.From(e), now);
        }
    }

    // Takes the released holds off the row; a row with no hold left goes (its next repeat then finds no row and stops).
    private async Task ReleaseRowAsync(HoldEntity row, Func<HeldBy, bool> releases, Func<HoldEntity, bool> matches, CancellationToken cancellationToken)
    {
        for (var race = 0; race < MaxWriteRaces; race++)
        {
            var kept = row.ReadHolds().Where(h => !releases(h) && h.Until > timeProvider.GetUtcNow()).ToList();
            row.WriteHolds(kept);
            var written = kept.Count == 0
                ? await store.TryDeleteAsync(row.RowKey, row.ETag, cancellationToken).ConfigureAwait(false)
                : await store.TryReplaceAsync(row, row.ETag, cancellationToken).ConfigureAwait(false) is not null;
            if (written)
            {
                return;
            }

            if (await store.GetAsync(row.RowKey, cancellationToken).ConfigureAwait(false) is not { } fresh || !matches(fresh))
            {
                return;
            }

            row = fresh;
        }

        throw new CommandValidationException("release", "The hold row kept changing under concurrent writes; send the release again.");
    }

    // Rows whose holds have all ended: nothing needs them (a late repeat that finds no row stops, as one that finds no hold).
    // Each delete is conditional on the row as read, so a hold started meanwhile keeps its row.
    private async Task SweepAsync(IEnumerable<HoldEntity> ended, CancellationToken cancellationToken)
    {
        foreach (var row in ended)
        {
            if (await store.TryDeleteAsync(row.RowKey, row.ETag, cancellationToken).ConfigureAwait(false))
            {
                LogSwept(logger, row.RowKey);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Release {CorrelationId}: hold {HoldId} of account {Account} released on {TargetCount} target(s)")]
    private static partial void LogReleased(ILogger logger, string correlationId, string holdId, string account, int targetCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Release {CorrelationId} rejected: {Problem}")]
    private static partial void LogReleaseRejected(ILogger logger, string correlationId, string problem);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Hold row {Target} deleted: its holds have all ended")]
    private static partial void LogSwept(ILogger logger, string target);
}
