using CancelAll.Core.Commands;
using CancelAll.Core.Credentials;
using CancelAll.Core.Outcomes;
using Microsoft.Extensions.Logging;

namespace CancelAll.Core.Kill;

/// <summary>
/// The kill's log messages. Each states facts of the outcome record; none prints a missing value as "(null)". One event
/// is one line: a step's failure is logged once, by the step (the client and the retries below it log at Debug), and
/// the outcome's one summary line is the <see cref="Telemetry.OutcomeRecorder"/>'s.
/// </summary>
internal static partial class KillLog
{
    private static readonly Func<ILogger, string, string, IDisposable?> CommandScope =
        LoggerMessage.DefineScope<string, string>("Cancel-all {CorrelationId} account {Account}");

    private static readonly Func<ILogger, string, IDisposable?> TargetScope =
        LoggerMessage.DefineScope<string>("target {Target}");

    /// <summary>Around a command's run: every line inside carries its correlation id and account (never a key).</summary>
    public static IDisposable? BeginCommand(ILogger logger, CancelCommand command) => CommandScope(logger, command.CorrelationId, command.Account);

    /// <summary>Around one target's run, inside <see cref="BeginCommand"/>: the lines of its steps, client and retries carry the target.</summary>
    public static IDisposable? BeginTarget(ILogger logger, CancelTarget target) => TargetScope(logger, target.ToString());

    [LoggerMessage(Level = LogLevel.Information, Message = "Cancel-all {CorrelationId} from {Source} for account {Account}: {TargetCount} target(s), scope {Scope}, dry run {DryRun}")]
    public static partial void Started(ILogger logger, string correlationId, CommandSource source, string account, int targetCount, CancelScope scope, bool dryRun);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cancel-all {CorrelationId}: credentials for account {Account} unavailable ({ErrorKind}): {ErrorMessage}")]
    public static partial void CredentialsFailed(ILogger logger, string correlationId, string account, OutcomeErrorKind errorKind, string errorMessage);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cancel-all {CorrelationId}: account {Account} key was rejected but the vault has a newer one; running the target {Target} once more")]
    public static partial void RetryingWithRotatedKey(ILogger logger, string correlationId, string account, CancelTarget target);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cancel-all {CorrelationId}: account {Account} key was rejected and re-reading it failed ({VaultErrorKind}): {VaultError}")]
    public static partial void RefreshFailed(ILogger logger, string correlationId, string account, CredentialsErrorKind vaultErrorKind, string vaultError);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cancel-all {CorrelationId} target {Target}: step {Step} failed ({ErrorKind} {ErrorCode}): {ErrorMessage}")]
    public static partial void StepFailed(ILogger logger, string correlationId, CancelTarget target, string step, OutcomeErrorKind errorKind, string errorCode, string errorMessage);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cancel-all {CorrelationId} target {Target}: verify found {Orders} order(s), {EntryPlans} entry order(s), {Positions} position(s), {Protective} TP/SL; re-running those steps (round {Round})")]
    public static partial void VerifyRetry(ILogger logger, string correlationId, CancelTarget target, int orders, int entryPlans, int positions, int protective, int round);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cancel-all {CorrelationId} target {Target}: NOT flat, {Count} item(s) remain after {Checks} verify check(s)")]
    public static partial void NotFlat(ILogger logger, string correlationId, CancelTarget target, int count, int checks);

    /// <summary>The one line per target, from its outcome record.</summary>
    public static void TargetDone(ILogger logger, CancelCommand command, CancelTarget target, TargetOutcome outcome)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            var mode = outcome.AccountMode is { } known ? known.ToString() : "unknown";
            var steps = outcome.Steps?.Count ?? 0;
            var remaining = outcome.Remaining?.Count ?? 0;
            var error = outcome.Error is { } e ? e.Kind.ToString() : "none";
            TargetDone(logger, command.CorrelationId, target, outcome.Status, mode, command.Scope, outcome.CancelledCount, outcome.FailedCount, steps, remaining, outcome.Attempts, outcome.Retries, error);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cancel-all {CorrelationId} target {Target}: {Status} ({AccountMode} account, scope {Scope}), {Cancelled} cancelled, {Failed} failed, {Steps} step(s), {Remaining} remaining, {Attempts} HTTP attempt(s), {Retries} retried, error {ErrorKind}")]
    private static partial void TargetDone(ILogger logger, string correlationId, CancelTarget target, OutcomeStatus status, string accountMode, CancelScope scope, int cancelled, int failed, int steps, int remaining, int attempts, int retries, string errorKind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cancel-all {CorrelationId} target {Target}: joined an identical request's run ({Status}); its orders are counted there, not here")]
    public static partial void TargetJoined(ILogger logger, string correlationId, CancelTarget target, OutcomeStatus status);

    /// <summary>A step's start: with its number of the target's total, progress for a long flatten.</summary>
    public static void StepStarted(ILogger logger, TargetRun run, string step, int index, int total)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            StepStarted(logger, run.Command.CorrelationId, run.Target, step, index, total);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cancel-all {CorrelationId} target {Target}: step {Step} started ({Index} of {Total})")]
    private static partial void StepStarted(ILogger logger, string correlationId, CancelTarget target, string step, int index, int total);

    /// <summary>A step's end, with what it recorded (a verify that re-ran steps records theirs too).</summary>
    public static void StepFinished(ILogger logger, TargetRun run, string step, int index, int total, IEnumerable<StepOutcome> recorded)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            var steps = recorded.ToList();
            var done = steps.Sum(s => s.Done);
            var failed = steps.Sum(s => s.Failed);
            var errors = steps.Count(s => s.Error is not null);
            StepFinished(logger, run.Command.CorrelationId, run.Target, step, index, total, done, failed, errors);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cancel-all {CorrelationId} target {Target}: step {Step} finished ({Index} of {Total}): {Done} done, {Failed} failed, {Errors} error(s)")]
    private static partial void StepFinished(ILogger logger, string correlationId, CancelTarget target, string step, int index, int total, int done, int failed, int errors);

    // Debug: the outcome's summary line (OutcomeRecorder) states the same facts; the CLI prints the outcome itself.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Cancel-all {CorrelationId} finished: {Status}, {Cancelled} cancelled, {Failed} failed, {DurationMs} ms")]
    public static partial void Finished(ILogger logger, string correlationId, OutcomeStatus status, int cancelled, int failed, double durationMs);
}
