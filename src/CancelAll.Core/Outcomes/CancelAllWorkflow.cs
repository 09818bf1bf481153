using System.Diagnostics;
using CancelAll.Core.Commands;
using CancelAll.Core.Credentials;
using CancelAll.Core.Exchange;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Outcomes;

/// <summary>What makes two cancel-all requests identical: same account and same target (product type, margin coin, environment).</summary>
public readonly record struct CoalescingKey(string Account, CancelTarget Target);

/// <summary>
/// Turns a command into exactly one outcome: resolves the account's credentials, cancels each target
/// (targets run side by side within the key's rate limit), and records what happened. A failing target
/// never stops the others, and no failure escapes as an exception: it becomes part of the outcome.
/// </summary>
public sealed partial class CancelAllWorkflow(
    BitgetClient client,
    ICredentialsProvider credentialsProvider,
    CallCoalescer<CoalescingKey, CancelAllResult> coalescer,
    ExchangeClock clock,
    IOptions<ExchangeOptions> exchangeOptions,
    TimeProvider timeProvider,
    ILogger<CancelAllWorkflow> logger,
    FlattenSteps flattenSteps)
{
    public async Task<CancelOutcome> RunAsync(CancelCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var startedAt = timeProvider.GetUtcNow();
        LogStarted(logger, command.CorrelationId, command.Source, command.Account, command.Targets.Count, command.DryRun);

        ApiCredentials credentials;
        try
        {
            credentials = await credentialsProvider.GetAsync(command.Account, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = OutcomeErrors.From(e);
            LogCredentialsFailed(logger, command.CorrelationId, command.Account, error.Kind, error.Message);
            var failedTargets = command.Targets.Select(t => Failure(t, error, Stopwatch.GetTimestamp(), new CallTracker())).ToList();
            return Finish(command, startedAt, failedTargets, error, OutcomeErrors.IsRejection(e) ? OutcomeStatus.Rejected : null);
        }

        var targets = await Task.WhenAll(command.Targets.Select(t => RunTargetAsync(command, credentials, t, cancellationToken))).ConfigureAwait(false);
        return Finish(command, startedAt, targets, null);
    }

    private async Task<TargetOutcome> RunTargetAsync(CancelCommand command, ApiCredentials credentials, CancelTarget target, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        target = target.ForDemoAccount(credentials.Demo);
        if (command.DryRun)
        {
            var preview = client.PrepareCancelAll(credentials, target).Describe(credentials, clock.NowMs(), exchangeOptions.Value.Locale);
            // Read-only preview: signed GETs list what the scope would cancel or close; nothing is posted.
            return await flattenSteps.PreviewAsync(command, credentials, target, preview, cancellationToken).ConfigureAwait(false);
        }

        if (command.Scope != CancelScope.Orders || command.ShouldVerify)
        {
            // The orders step shares calls and the rotation retry with the plain path.
            return await flattenSteps.RunAsync(
                command,
                credentials,
                target,
                (keys, token) => coalescer.RunAsync(new CoalescingKey(command.Account, target), () => CancelWithRotationAsync(command, keys, target)).WaitAsync(token),
                cancellationToken).ConfigureAwait(false);
        }

        try
        {
            // Identical requests in a storm share calls; the shared call must not hang on one caller's token.
            var result = await coalescer.RunAsync(
                new CoalescingKey(command.Account, target),
                () => CancelWithRotationAsync(command, credentials, target)).WaitAsync(cancellationToken).ConfigureAwait(false);

            var status = result switch
            {
                { NothingToCancel: true } => OutcomeStatus.NothingToCancel,
                { Failed.Count: 0 } => OutcomeStatus.Succeeded,
                { Cancelled.Count: 0 } => OutcomeStatus.Failed,
                _ => OutcomeStatus.PartiallyFailed,
            };
            var error = result.Failed.Count == 0 ? null : new OutcomeError("OrdersNotCancelled", result.Failed[0].ErrorCode, $"{result.Failed.Count} order(s) could not be cancelled; see the failed list. Check them on the exchange.");
            LogTargetDone(logger, command.CorrelationId, target, status, result.Cancelled.Count, result.Failed.Count, result.Stats.Attempts);
            return new TargetOutcome(target.WireProductType, target.MarginCoin, target.Environment.ToString(), status, result.Cancelled, result.Failed, error, result.Stats.Attempts, result.Stats.RateLimitWait.TotalMilliseconds, Elapsed(started));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = OutcomeErrors.From(e);
            LogTargetFailed(logger, command.CorrelationId, target, error.Kind, error.Code ?? "no code", error.Message);
            return Failure(target, error, started, new CallTracker());
        }
    }

    private async Task<CancelAllResult> CancelWithRotationAsync(CancelCommand command, ApiCredentials credentials, CancelTarget target)
    {
        try
        {
            return await client.CancelAllOrdersAsync(credentials, target, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ExchangeException e) when (e.Kind == ExchangeErrorKind.Credentials)
        {
            // The key may have been rotated in the vault since we cached it: re-read once and retry once.
            ApiCredentials? fresh;
            try
            {
                fresh = await credentialsProvider.RefreshAsync(command.Account, credentials, CancellationToken.None).ConfigureAwait(false);
            }
            catch (CredentialsException vaultError)
            {
                // The exchange's rejection is what the operator must see; the vault's trouble goes to the log beside it.
                LogRefreshFailed(logger, command.CorrelationId, command.Account, vaultError.Kind, vaultError.Message);
                throw e;
            }

            if (fresh is null)
            {
                throw;
            }

            LogRetryingWithRotatedKey(logger, command.CorrelationId, command.Account);
            return await client.CancelAllOrdersAsync(fresh, target, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private CancelOutcome Finish(CancelCommand command, DateTimeOffset startedAt, IReadOnlyList<TargetOutcome> targets, OutcomeError? error, OutcomeStatus? overrideStatus = null)
    {
        var status = overrideStatus ?? CancelOutcome.Combine(targets.Select(t => t.Status).ToList());
        var outcome = new CancelOutcome(command.CorrelationId, command.Source.ToString().ToLowerInvariant(), command.Account, status, command.Reason, command.DryRun, startedAt, timeProvider.GetUtcNow(), targets, error, command.Scope.ToString().ToLowerInvariant());
        LogFinished(logger, outcome.CorrelationId, outcome.Status, outcome.CancelledCount, outcome.FailedCount, outcome.DurationMs);
        return outcome;
    }

    private static TargetOutcome Failure(CancelTarget target, OutcomeError error, long started, CallTracker tracker) =>
        new(target.WireProductType, target.MarginCoin, target.Environment.ToString(), OutcomeStatus.Failed, [], [], error, tracker.Attempts, tracker.RateLimitWait.TotalMilliseconds, Elapsed(started));

    private static double Elapsed(long started) => Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    [LoggerMessage(Level = LogLevel.Information, Message = "Cancel-all {CorrelationId} from {Source} for account {Account}: {TargetCount} target(s), dry run {DryRun}")]
    private static partial void LogStarted(ILogger logger, string correlationId, CommandSource source, string account, int targetCount, bool dryRun);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cancel-all {CorrelationId}: credentials for account {Account} unavailable ({ErrorKind}): {ErrorMessage}")]
    private static partial void LogCredentialsFailed(ILogger logger, string correlationId, string account, string errorKind, string errorMessage);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cancel-all {CorrelationId}: account {Account} key was rejected but the vault has a newer one; retrying once")]
    private static partial void LogRetryingWithRotatedKey(ILogger logger, string correlationId, string account);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cancel-all {CorrelationId}: account {Account} key was rejected and re-reading it failed ({VaultErrorKind}): {VaultError}")]
    private static partial void LogRefreshFailed(ILogger logger, string correlationId, string account, CredentialsErrorKind vaultErrorKind, string vaultError);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cancel-all {CorrelationId} target {Target}: {Status}, {Cancelled} cancelled, {Failed} failed, {Attempts} attempt(s)")]
    private static partial void LogTargetDone(ILogger logger, string correlationId, CancelTarget target, OutcomeStatus status, int cancelled, int failed, int attempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cancel-all {CorrelationId} target {Target} failed ({ErrorKind} {ErrorCode}): {ErrorMessage}")]
    private static partial void LogTargetFailed(ILogger logger, string correlationId, CancelTarget target, string errorKind, string errorCode, string errorMessage);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cancel-all {CorrelationId} finished: {Status}, {Cancelled} cancelled, {Failed} failed, {DurationMs} ms")]
    private static partial void LogFinished(ILogger logger, string correlationId, OutcomeStatus status, int cancelled, int failed, double durationMs);
}
