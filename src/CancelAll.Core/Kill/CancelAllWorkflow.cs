using System.Diagnostics;
using CancelAll.Core.Commands;
using CancelAll.Core.Outcomes;
using Microsoft.Extensions.Logging;

namespace CancelAll.Core.Kill;

/// <summary>
/// Turns a command into exactly one outcome: resolves the account's credentials, runs the kill pipeline for each
/// target side by side (within the key's rate limit), and gathers the outcomes. It knows no step: those are the
/// pipeline's. A failing target never stops the others, and no failure escapes as an exception.
/// </summary>
/// <param name="arrivals">Told of every command, so that the start-up warm-up's background work stops at once; none for the warm-up's own dry kill.</param>
public sealed class CancelAllWorkflow(KillPipeline pipeline, TimeProvider timeProvider, ILogger<CancelAllWorkflow> logger, KillArrivals? arrivals = null)
{
    public Task<CancelOutcome> RunAsync(CancelCommand command, CancellationToken cancellationToken) =>
        RunAsync(command, KillControl.None, cancellationToken);

    /// <summary>As above, with a <see cref="KillControl"/>: stop starting steps when asked (the outcome so far comes back), and report progress.</summary>
    public async Task<CancelOutcome> RunAsync(CancelCommand command, KillControl control, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        arrivals?.Notify();
        var startedAt = timeProvider.GetUtcNow();
        using var scope = KillLog.BeginCommand(logger, command);
        KillLog.Started(logger, command.CorrelationId, command.Source, command.Account, command.Targets.Count, command.Scope, command.DryRun);

        Credentials.ApiCredentials credentials;
        try
        {
            credentials = await pipeline.ResolveCredentialsAsync(command, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = OutcomeErrors.From(e);
            KillLog.CredentialsFailed(logger, command.CorrelationId, command.Account, error.Kind, error.Message);
            var started = Stopwatch.GetTimestamp();
            // An unknown account is the command's fault (Rejected, nothing sent); anything else failed the targets.
            var status = OutcomeErrors.IsRejection(e) ? OutcomeStatus.Rejected : OutcomeStatus.Failed;
            var failed = command.Targets
                .Select(t => new TargetOutcome(t.WireProductType, t.MarginCoin, t.Environment.ToString(), status, [], [], error, 0, 0, Stopwatch.GetElapsedTime(started).TotalMilliseconds))
                .ToList();
            return Finish(command, startedAt, failed, error, status == OutcomeStatus.Rejected ? status : null);
        }

        var targets = await Task.WhenAll(command.Targets.Select(t => pipeline.RunAsync(command, credentials, t, control, cancellationToken))).ConfigureAwait(false);
        return Finish(command, startedAt, targets, null);
    }

    private CancelOutcome Finish(CancelCommand command, DateTimeOffset startedAt, IReadOnlyList<TargetOutcome> targets, OutcomeError? error, OutcomeStatus? overrideStatus = null)
    {
        var status = overrideStatus ?? CancelOutcome.Combine(targets.Select(t => t.Status).ToList());
        var outcome = new CancelOutcome(command.CorrelationId, command.Source.ToString().ToLowerInvariant(), command.Account, status, command.Reason, command.DryRun, startedAt, timeProvider.GetUtcNow(), targets, error, command.Scope.ToString().ToLowerInvariant());
        KillLog.Finished(logger, outcome.CorrelationId, outcome.Status, outcome.CancelledCount, outcome.FailedCount, outcome.DurationMs);
        return outcome;
    }
}
