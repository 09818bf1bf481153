using System.Diagnostics;
using CancelAll.Core.Commands;
using CancelAll.Core.Credentials;
using CancelAll.Core.Exchange;
using CancelAll.Core.Kill.Steps;
using CancelAll.Core.Outcomes;
using Microsoft.Extensions.Logging;

namespace CancelAll.Core.Kill;

/// <summary>
/// A kill for one target, in one place: resolve the credentials → find the account's API family → run the scope's
/// steps → verify → the outcome. Two things wrap the whole sequence, once: identical requests in a storm share one
/// run (<see cref="CallCoalescer{TKey, TResult}"/>), and a rejected key is re-read from the vault and the target run
/// once more with the rotated key. No failure escapes as an exception: it becomes part of the outcome.
/// </summary>
public sealed class KillPipeline(
    ICredentialsProvider credentialsProvider,
    AccountApis apis,
    ScopeSteps scopes,
    VerifyStep verify,
    PreviewStep preview,
    CallCoalescer<KillKey, TargetOutcome> coalescer,
    ILogger<KillPipeline> logger)
{
    /// <summary>The first step, once per command: the account's credentials (cached by the provider).</summary>
    public ValueTask<ApiCredentials> ResolveCredentialsAsync(CancelCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return credentialsProvider.GetAsync(command.Account, cancellationToken);
    }

    /// <summary>The rest of the sequence for one target. A request that joins an identical run says so in its outcome.</summary>
    public Task<TargetOutcome> RunAsync(CancelCommand command, ApiCredentials credentials, CancelTarget target, CancellationToken cancellationToken) =>
        RunAsync(command, credentials, target, KillControl.None, cancellationToken);

    /// <summary>As above, with a <see cref="KillControl"/>: stop starting steps when asked, and report progress.</summary>
    public async Task<TargetOutcome> RunAsync(CancelCommand command, ApiCredentials credentials, CancelTarget target, KillControl control, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(target);
        target = target.ForDemoAccount(credentials.Demo);
        using var scope = KillLog.BeginTarget(logger, target);
        var ranHere = false;
        var key = new KillKey(command.Account, target, command.Scope, command.ShouldVerify, command.DryRun);

        // The shared run must not stop on one caller's token; the caller stops waiting instead.
        var outcome = await coalescer.RunAsync(key, () =>
        {
            ranHere = true;
            return RunWithRotationAsync(command, credentials, target, control);
        }).WaitAsync(cancellationToken).ConfigureAwait(false);
        control.Progress?.Report(new KillProgress(TargetRun.Label(target), null, 0, 0));

        if (!ranHere)
        {
            KillLog.TargetJoined(logger, command.CorrelationId, target, outcome.Status);
            return outcome.AsJoined();
        }

        KillLog.TargetDone(logger, command, target, outcome);
        return outcome;
    }

    private async Task<TargetOutcome> RunWithRotationAsync(CancelCommand command, ApiCredentials credentials, CancelTarget target, KillControl control)
    {
        var started = Stopwatch.GetTimestamp();
        TargetRun? run = null;
        try
        {
            run = new TargetRun(command, target, credentials, await apis.ResolveAsync(command.Account, credentials, target.Environment == TradingEnvironment.Demo, CancellationToken.None).ConfigureAwait(false), apis, control);
            var outcome = await RunStepsAsync(run).ConfigureAwait(false);
            if (!run.KeyRejected)
            {
                return outcome;
            }

            // The key may have been rotated in the vault since we cached it: re-read once and run once more.
            ApiCredentials? fresh;
            try
            {
                fresh = await credentialsProvider.RefreshAsync(command.Account, credentials, CancellationToken.None).ConfigureAwait(false);
            }
            catch (CredentialsException vaultError)
            {
                // The exchange's rejection is what the operator must see; the vault's trouble goes to the log beside it.
                KillLog.RefreshFailed(logger, command.CorrelationId, command.Account, vaultError.Kind, vaultError.Message);
                return outcome;
            }

            if (fresh is null)
            {
                return outcome;
            }

            KillLog.RetryingWithRotatedKey(logger, command.CorrelationId, command.Account, target);
            var retry = new TargetRun(command, target, fresh, await apis.ResolveAsync(command.Account, fresh, target.Environment == TradingEnvironment.Demo, CancellationToken.None).ConfigureAwait(false), apis, control);
            retry.AddCalls(run.Stats);
            run = retry;
            return await RunStepsAsync(retry).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Finding the family failed (or something unexpected): the target fails, with the attempts really made.
            var error = OutcomeErrors.From(e);
            var stats = (e as ExchangeException)?.Stats ?? run?.Stats ?? ExchangeCallStats.None;
            KillLog.StepFailed(logger, command.CorrelationId, target, "account", error.Kind, error.Code ?? "no code", error.Message);
            return new TargetOutcome(target.WireProductType, target.MarginCoin, target.Environment.ToString(), OutcomeStatus.Failed, [], [], error, stats.Attempts, stats.RateLimitWait.TotalMilliseconds, Stopwatch.GetElapsedTime(started).TotalMilliseconds, Retries: stats.Retries, AccountMode: run?.Api.Mode);
        }
    }

    private async Task<TargetOutcome> RunStepsAsync(TargetRun run)
    {
        var command = run.Command;
        if (command.DryRun)
        {
            return await preview.PreviewAsync(run, CancellationToken.None).ConfigureAwait(false);
        }

        // Asked to stop, a target finishes the steps it is in and starts no other; the ones left are recorded as such.
        var steps = command.ShouldVerify ? [.. scopes.For(command.Scope), verify] : scopes.For(command.Scope).ToArray();
        var next = 0;
        while (next < steps.Length)
        {
            // A stage: a step, and the steps after it whose calls go out beside its own (the cancels).
            var first = next;
            do
            {
                if (run.Control.StopStartingSteps.IsCancellationRequested)
                {
                    break;
                }

                run.Control.Progress?.Report(new KillProgress(TargetRun.Label(run.Target), steps[next].Name, next, steps.Length));
                next++;
            }
            while (next < steps.Length && steps[next].RunsBesidePrevious);

            if (next > first)
            {
                await RunStageAsync(run, steps[first..next], first + 1, steps.Length).ConfigureAwait(false);
            }

            if (next < steps.Length && run.Control.StopStartingSteps.IsCancellationRequested)
            {
                run.RecordNotStarted(steps[next..].Select(s => s.Name));
                break;
            }
        }

        return command.Scope == CancelScope.Orders && !command.ShouldVerify ? run.OrdersOnlyOutcome() : run.ToOutcome();
    }

    /// <summary>One step on its own, or several whose calls go at once, each with its progress lines as in <see cref="RunStepAsync"/>.</summary>
    private async Task RunStageAsync(TargetRun run, KillStep[] stage, int firstIndex, int total)
    {
        if (stage.Length == 1)
        {
            await RunStepAsync(run, stage[0], firstIndex, total).ConfigureAwait(false);
            return;
        }

        for (var i = 0; i < stage.Length; i++)
        {
            KillLog.StepStarted(logger, run, stage[i].Name, firstIndex + i, total);
        }

        var before = run.Steps.Count;
        var calls = stage.SelectMany(step => step.Calls(run) ?? throw new InvalidOperationException($"Step {step.Name} cannot run beside another: it gives no calls.")).ToList();
        await StepCalls.RunAsync(run, calls, CancellationToken.None).ConfigureAwait(false);
        for (var i = 0; i < stage.Length; i++)
        {
            var name = stage[i].Name;
            KillLog.StepFinished(logger, run, name, firstIndex + i, total, run.Steps.Skip(before).Where(s => s.Name == name));
        }
    }

    /// <summary>One step, with a progress line as it starts and as it ends when the scope has several (a one-step run's target line says it all).</summary>
    private async Task RunStepAsync(TargetRun run, KillStep step, int index, int total)
    {
        if (total > 1)
        {
            KillLog.StepStarted(logger, run, step.Name, index, total);
        }

        var before = run.Steps.Count;
        await step.RunAsync(run, CancellationToken.None).ConfigureAwait(false);
        if (total > 1)
        {
            KillLog.StepFinished(logger, run, step.Name, index, total, run.Steps.Skip(before));
        }
    }
}
