using System.Diagnostics;
using CancelAll.Core.Commands;
using CancelAll.Core.Credentials;
using CancelAll.Core.Exchange;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Outcomes;

/// <summary>
/// Turns a command into exactly one outcome: resolves the account's credentials, cancels each target
/// (targets run side by side within the key's rate limit), and records what happened. A failing target
/// never stops the others, and no failure escapes as an exception: it becomes part of the outcome.
/// </summary>
public sealed partial class CancelAllWorkflow(
    BitgetClient client,
    ICredentialsProvider credentialsProvider,
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
            return Finish(command, startedAt, failedTargets, error);
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
            return await flattenSteps.RunAsync(command, credentials, target, (keys, token) => client.CancelAllOrdersAsync(keys, target, token), cancellationToken).ConfigureAwait(false);
        }

        try
        {
            CancelAllResult result;
            try
            {
                result = await client.CancelAllOrdersAsync(credentials, target, cancellationToken).ConfigureAwait(false);
            }
            catch (ExchangeException e) when (e.Kind == ExchangeErrorKind.Credentials)
            {
                // The key may have been rotated in the vault since we cached it: re-read once and retry once.
                var fresh = await credentialsProvider.RefreshAsync(command.Account, credentials, cancellationToken).ConfigureAwait(false);
                if (fresh is null)
                {
                    throw;
                }

                LogRetryingWithRotatedKey(logger, command.CorrelationId, command.Account);
                result = await client.CancelAllOrdersAsync(fresh, target, cancellationToken).ConfigureAwait(false);
            }

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
            LogTargetFailed(logger, command.CorrelationId, target, error.Kind, error.Code, error.Message);
            return Failure(target, error, started, new CallTracker());
        }
    }

    private CancelOutcome Finish(CancelCommand command, DateTimeOffset startedAt, IReadOnlyList<TargetOutcome> targets, OutcomeError? error)
    {
        var status = CancelOutcome.Combine(targets.Select(t => t.Status).ToList());
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Cancel-all {CorrelationId} target {Target}: {Status}, {Cancelled} cancelled, {Failed} failed, {Attempts} attempt(s)")]
    private static partial void LogTargetDone(ILogger logger, string correlationId, CancelTarget target, OutcomeStatus status, int cancelled, int failed, int attempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cancel-all {CorrelationId} target {Target} failed ({ErrorKind} {ErrorCode}): {ErrorMessage}")]
    private static partial void LogTargetFailed(ILogger logger, string correlationId, CancelTarget target, string errorKind, string? errorCode, string errorMessage);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cancel-all {CorrelationId} finished: {Status}, {Cancelled} cancelled, {Failed} failed, {DurationMs} ms")]
    private static partial void LogFinished(ILogger logger, string correlationId, OutcomeStatus status, int cancelled, int failed, double durationMs);
}
