using CancelAll.Core.Exchange;
using CancelAll.Core.Outcomes;
using Microsoft.Extensions.Logging;

namespace CancelAll.Core.Kill.Steps;

/// <summary>The read-only dry run: lists what the scope would cancel or close, with reads only. Nothing is posted.</summary>
public sealed class PreviewStep(ILogger<PreviewStep> logger) : KillStep(logger)
{
    public override string Name => "preview";

    /// <summary>Runs the preview and returns its outcome (a preview has no steps, only what it would do).</summary>
    internal async Task<TargetOutcome> PreviewAsync(TargetRun run, CancellationToken cancellationToken)
    {
        try
        {
            OpenItems found;
            try
            {
                found = await OpenItemsReader.ReadAsync(run, cancellationToken).ConfigureAwait(false);
            }
            catch (ExchangeException e) when (run.TrySwitchMode(e))
            {
                found = await OpenItemsReader.ReadAsync(run, cancellationToken).ConfigureAwait(false);
            }

            var request = run.Api.DescribeCancelOrders(run.Credentials, run.Target);
            var items = found.All.Select(i => i with { Reason = WouldDo(i) }).ToList();
            return run.Outcome(items.Count == 0 ? OutcomeStatus.NothingToCancel : OutcomeStatus.Succeeded, null, request, wouldCancel: items);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = OutcomeErrors.From(e);
            run.RecordError(Name, null, error, e as ExchangeException);

            KillLog.StepFailed(logger, run.Command.CorrelationId, run.Target, Name, error.Kind, error.Code ?? "no code", error.Message);
            return run.Outcome(OutcomeStatus.Failed, error with { Message = "The read-only preview could not list the account: " + error.Message }, null, wouldCancel: []);
        }
    }

    private protected override Task ExecuteAsync(TargetRun run, CancellationToken cancellationToken) => PreviewAsync(run, cancellationToken);

    private static string WouldDo(AccountItem item) => item.Kind switch
    {
        ItemKinds.Position => "would close at market",
        ItemKinds.ProtectivePlan => "would cancel after its position is closed",
        ItemKinds.UnknownPlan => "a conditional order of a type this service does not know: would be reported, not cancelled, by entries; flatten cancels it once no position is open",
        _ => "would cancel",
    };
}
