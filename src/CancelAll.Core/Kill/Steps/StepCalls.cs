using CancelAll.Core.Exchange;

namespace CancelAll.Core.Kill.Steps;

/// <summary>
/// Sends calls of one or more steps at once and records them in the order given, not the order the answers came in.
/// The run (not thread-safe) is only touched after every call has finished. A failure stays its call's own; one that
/// stops the target stops it once the calls beside it are recorded. When the account turns out to be in the other mode
/// (40084/40085), the run switches family once and the steps whose calls met it go once more, on the new family.
/// </summary>
internal static class StepCalls
{
    public static async Task RunAsync(TargetRun run, IReadOnlyList<StepCall> calls, CancellationToken cancellationToken)
    {
        if (run.Fatal is not null || calls.Count == 0)
        {
            return;
        }

        var again = await SendAndRecordAsync(run, calls, retryOnOtherFamily: true, cancellationToken).ConfigureAwait(false);
        if (again.Count > 0 && run.Fatal is null)
        {
            // The new family's own calls for those steps (its entry types are not the old family's).
            await SendAndRecordAsync(run, [.. again.SelectMany(step => step.Calls(run) ?? [])], retryOnOtherFamily: false, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <returns>The steps to run again on the family the run switched to.</returns>
    private static async Task<List<KillStep>> SendAndRecordAsync(TargetRun run, IReadOnlyList<StepCall> calls, bool retryOnOtherFamily, CancellationToken cancellationToken)
    {
        var api = run.Api;
        var sent = calls.Select(c => c.Send(api, cancellationToken)).ToList();
        await AtOnce.SettleAsync(sent).ConfigureAwait(false);

        var again = new List<KillStep>();
        for (var i = 0; i < calls.Count; i++)
        {
            var call = calls[i];
            try
            {
                var record = await sent[i].ConfigureAwait(false);
                record(run);
            }
            catch (ExchangeException e) when (retryOnOtherFamily && OnOtherFamily(run, api, e))
            {
                if (!again.Contains(call.Step))
                {
                    again.Add(call.Step);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                call.Step.Fail(run, call.Type, e);
            }
        }

        return again;
    }

    /// <summary>The account is in the other mode: the run switches once; a call beside the one that switched it only counts its calls.</summary>
    private static bool OnOtherFamily(TargetRun run, IAccountApi used, ExchangeException e)
    {
        if (e.Kind != ExchangeErrorKind.AccountModeMismatch)
        {
            return false;
        }

        if (!ReferenceEquals(run.Api, used))
        {
            run.AddCalls(e.Stats ?? ExchangeCallStats.None);
            return true;
        }

        return run.TrySwitchMode(e);
    }
}
