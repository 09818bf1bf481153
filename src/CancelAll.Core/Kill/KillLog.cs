using CancelAll.Core.Commands;
using CancelAll.Core.Credentials;
using CancelAll.Core.Outcomes;
using Microsoft.Extensions.Logging;

namespace CancelAll.Core.Kill;

/// <summary>The kill's log messages. Each states facts of the outcome record; none prints a missing value as "(null)".</summary>
internal static partial class KillLog
{
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Cancel-all {CorrelationId} finished: {Status}, {Cancelled} cancelled, {Failed} failed, {DurationMs} ms")]
    public static partial void Finished(ILogger logger, string correlationId, OutcomeStatus status, int cancelled, int failed, double durationMs);
}
