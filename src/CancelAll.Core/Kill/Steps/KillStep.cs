using System.Runtime.ExceptionServices;
using CancelAll.Core.Exchange;
using CancelAll.Core.Outcomes;
using Microsoft.Extensions.Logging;

namespace CancelAll.Core.Kill.Steps;

/// <summary>
/// One step of a kill for one target. A step asks the account's API family (<see cref="TargetRun.Api"/>) to do its
/// part and records what happened in the run; a failure becomes a step error, never an exception, so that the next
/// step still runs (leaving positions open is the larger risk). Steps are skipped once the run has a fatal error.
/// </summary>
public abstract class KillStep(ILogger logger)
{
    /// <summary>The step's name in outcomes (<see cref="StepNames"/>).</summary>
    public abstract string Name { get; }

    internal async Task RunAsync(TargetRun run, CancellationToken cancellationToken)
    {
        if (run.Fatal is null)
        {
            await ExecuteAsync(run, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Whether this step's calls go out together with the step's before it, rather than after them: both steps give
    /// their <see cref="Calls"/>, and <see cref="StepCalls"/> sends them at once.
    /// </summary>
    internal virtual bool RunsBesidePrevious => false;

    /// <summary>The step as independent calls that may go at once with another step's; null for a step that runs only as a whole.</summary>
    internal virtual IReadOnlyList<StepCall>? Calls(TargetRun run) => null;

    private protected abstract Task ExecuteAsync(TargetRun run, CancellationToken cancellationToken);

    /// <summary>Runs one action of the step; a failure is recorded (with its kind, and the order type if any) and logged.</summary>
    private protected async Task<bool> TryAsync(TargetRun run, string? type, Func<Task> action, CancellationToken cancellationToken)
    {
        try
        {
            try
            {
                await action().ConfigureAwait(false);
            }
            catch (ExchangeException e) when (run.TrySwitchMode(e))
            {
                // The account is in the other mode: the same step, once more, on its API.
                await action().ConfigureAwait(false);
            }

            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Fail(run, type, e);
            return false;
        }
    }

    /// <summary>Records a failure of the step (with its kind, and the order type if any) and logs it.</summary>
    internal void Fail(TargetRun run, string? type, Exception e)
    {
        var error = OutcomeErrors.From(e);
        if (e is ExchangeException { Kind: ExchangeErrorKind.BadRequest } && type is not null)
        {
            error = error with { Kind = OutcomeErrorKind.PlanTypeRejected };
            run.TypeErrors[type] = error.Message;
        }

        run.RecordError(Name, type, error, e as ExchangeException);
        KillLog.StepFailed(logger, run.Command.CorrelationId, run.Target, StepLabel(type), error.Kind, error.Code ?? "no code", error.Message);
    }

    /// <summary>
    /// Records what a step's calls did. When a failure stops the target (<paramref name="stopped"/>), what the calls
    /// sent beside it did is recorded first (or, when they did nothing, only their calls are counted), then that failure
    /// is thrown for <see cref="TryAsync"/> or <see cref="StepCalls"/> to record, or to switch the API family and retry.
    /// </summary>
    private protected void RecordCalls(TargetRun run, string? type, ExchangeException? stopped, int done, IReadOnlyList<string> failedItems, IEnumerable<ExchangeCallStats> stats)
    {
        if (stopped is null || done > 0 || failedItems.Count > 0)
        {
            run.Record(Name, type, done, failedItems.Count, failedItems, ExchangeCallStatsSum.Of(stats));
        }
        else
        {
            run.AddCalls(ExchangeCallStatsSum.Of(stats));
        }

        if (stopped is not null)
        {
            ExceptionDispatchInfo.Throw(stopped);
        }
    }

    private protected string StepLabel(string? type) => type is null ? Name : Name + " " + type;
}
