using CancelAll.Core.Exchange;

namespace CancelAll.Core.Kill.Steps;

/// <summary>
/// Sends calls of one or more steps at once and records them in the order given, not the order the answers came in.
/// The run (not thread-safe) is only touched after every call has finished. A failure stays its call's own; one that
/// stops the target stops it once the calls beside it are recorded. When the account turns out to be in the other mode
/// (40084/40085), the run switches family once and every step of that pass goes once more, on the new family.
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

        if (retryOnOtherFamily && sent.Select(ModeMismatch).FirstOrDefault(e => e is not null) is { } mismatch && run.TrySwitchMode(mismatch))
        {
            // Every call of this pass went to the wrong family, so whatever it answered (a failure, or nothing found)
            // says nothing of the account: count the calls that failed, record nothing, and run every step of the
            // pass again on the right family (a trigger cancel that met a 503 beside the switch must not be left out).
            foreach (var failed in sent.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException).OfType<ExchangeException>().Where(e => !ReferenceEquals(e, mismatch)))
            {
                run.AddCalls(failed.Stats ?? ExchangeCallStats.None);
            }

            return [.. calls.Select(c => c.Step).Distinct()];
        }

        for (var i = 0; i < calls.Count; i++)
        {
            var call = calls[i];
            try
            {
                var record = await sent[i].ConfigureAwait(false);
                record(run);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                call.Step.Fail(run, call.Type, e);
            }
        }

        return [];
    }

    private static ExchangeException? ModeMismatch(Task call) =>
        call.IsFaulted && call.Exception!.InnerException is ExchangeException { Kind: ExchangeErrorKind.AccountModeMismatch } e ? e : null;
}
