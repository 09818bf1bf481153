using System.Globalization;
using CancelAll.Core.Commands;
using CancelAll.Core.Hold;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Replies;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Input.Schedule;

/// <summary>
/// The timer trigger's behaviour. The timer fires on a UTC schedule (Flex Consumption has no WEBSITE_TIME_ZONE);
/// this decides which jobs' session ends are due: ended after the previous run and no longer ago than the grace window.
/// Each session end is flattened once: the previous run time (kept by the Functions runtime across restarts) rules out
/// sessions already handled, and the ledger rules out duplicate runs in this process. A job with <c>holdMinutes</c> runs
/// through the <see cref="HoldLatch"/>: the session end's kill starts the hold, whose id is the session's correlation id.
/// </summary>
public sealed partial class ScheduleHandler(
    HoldLatch hold,
    OutcomePublisher publisher,
    FlattenLedger ledger,
    IOptions<ScheduleOptions> scheduleOptions,
    IOptions<InputOptions> inputOptions,
    TimeProvider timeProvider,
    ILogger<ScheduleHandler> logger)
{
    /// <summary>The timer's ScheduleStatus.Last as an instant. The runtime reports it without a zone; on Linux that is UTC.</summary>
    public static DateTimeOffset? PreviousRunFrom(DateTime? last) => last switch
    {
        null => null,
        { Kind: DateTimeKind.Local } local => new DateTimeOffset(local.ToUniversalTime(), TimeSpan.Zero),
        { } other => new DateTimeOffset(DateTime.SpecifyKind(other, DateTimeKind.Utc), TimeSpan.Zero),
    };

    /// <param name="previousRun">The timer's last run (ScheduleStatus.Last), when known.</param>
    /// <param name="isPastDue">The runtime's word that this run is late; logged, since the grace window decides.</param>
    public async Task<IReadOnlyList<CancelOutcome>> RunAsync(DateTimeOffset? previousRun, bool isPastDue, CancellationToken cancellationToken)
    {
        var options = scheduleOptions.Value;
        var now = timeProvider.GetUtcNow();
        var from = now - options.GraceWindow;
        if (previousRun is { } last && last > from)
        {
            from = last;
        }

        var due = new List<CancelCommand>();
        foreach (var job in FlattenJob.ParseAll(options.Jobs))
        {
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, job.TimeZone).DateTime);
            for (var date = today.AddDays(-1); date <= today; date = date.AddDays(1))
            {
                if (job.SessionEndOn(date) is not { } end || end <= from || end > now)
                {
                    continue;
                }

                foreach (var account in job.Accounts)
                {
                    var key = $"flatten-{job.Name}-{account}-{end.UtcDateTime.ToString("yyyyMMdd'T'HHmm'Z'", CultureInfo.InvariantCulture)}";
                    if (!ledger.TryClaim(key, end))
                    {
                        LogDuplicate(logger, key);
                        continue;
                    }

                    var targets = TargetParser.Parse(job.ProductTypes, job.MarginCoin, job.Demo, inputOptions.Value.CoinFuturesMarginCoinList);
                    due.Add(new CancelCommand(account, targets, CommandSource.Timer, key, $"session end {job.SessionEnd:HH\\:mm} {job.TimeZone.Id} (job {job.Name})", DryRun: job.DryRun, Scope: job.Scope, HoldMinutes: job.HoldMinutes));
                }
            }
        }

        var previous = previousRun is { } known ? known.ToString("u", CultureInfo.InvariantCulture) : "not known";
        LogRun(logger, now, previous, isPastDue, due.Count);
        return await Task.WhenAll(due.Select(c => RunAndPublishAsync(c, cancellationToken))).ConfigureAwait(false);
    }

    private async Task<CancelOutcome> RunAndPublishAsync(CancelCommand command, CancellationToken cancellationToken)
    {
        var outcome = await hold.RunAsync(command, cancellationToken).ConfigureAwait(false);
        await publisher.PublishAsync(outcome, ReplyContext.ForTimer(outcome.CorrelationId), cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule run at {Now} (previous {PreviousRun}, past due {IsPastDue}): {DueCount} session end(s) due")]
    private static partial void LogRun(ILogger logger, DateTimeOffset now, string previousRun, bool isPastDue, int dueCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule: {SessionKey} was flattened already by this process; skipped")]
    private static partial void LogDuplicate(ILogger logger, string sessionKey);
}
