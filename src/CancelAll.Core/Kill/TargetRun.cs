using System.Diagnostics;
using CancelAll.Core.Commands;
using CancelAll.Core.Credentials;
using CancelAll.Core.Exchange;
using CancelAll.Core.Outcomes;

namespace CancelAll.Core.Kill;

/// <summary>Everything one target's run accumulates as its steps go: the single place a target's outcome is built from.</summary>
internal sealed class TargetRun(CancelCommand command, CancelTarget target, ApiCredentials credentials, IAccountApi api, AccountApis apis, KillControl? control = null)
{
    private readonly long started = Stopwatch.GetTimestamp();
    private readonly List<ExchangeCallStats> calls = [];

    public CancelCommand Command { get; } = command;

    public CancelTarget Target { get; } = target;

    public ApiCredentials Credentials { get; } = credentials;

    /// <summary>Whether to stop starting steps, and who hears of progress.</summary>
    public KillControl Control { get; } = control ?? KillControl.None;

    /// <summary>The run was asked to stop before all its steps ran: the outcome says what did not start.</summary>
    public bool Interrupted { get; private set; }

    /// <summary>How this account's API does each step (found before the run by <see cref="AccountApis.ResolveAsync"/>).</summary>
    public IAccountApi Api { get; private set; } = api;

    /// <summary>Whether the run already switched API family once (it never switches twice).</summary>
    public bool ModeSwitched { get; private set; }

    public int Round { get; set; } = 1;

    public int Done { get; private set; }

    public List<StepOutcome> Steps { get; } = [];

    public List<CancelledOrder> Cancelled { get; } = [];

    public List<FailedOrder> FailedOrders { get; } = [];

    public List<OutcomeError> StepErrors { get; } = [];

    /// <summary>Why an item (by <see cref="ItemKey"/>) could not be cancelled or closed, for verify to report.</summary>
    public Dictionary<string, string> Reasons { get; } = new(StringComparer.Ordinal);

    /// <summary>Why a whole order type could not be cancelled, for verify to report.</summary>
    public Dictionary<string, string> TypeErrors { get; } = new(StringComparer.Ordinal);

    /// <summary>An error every further call would repeat: the remaining steps are skipped.</summary>
    public OutcomeError? Fatal { get; private set; }

    /// <summary>The key was rejected: the pipeline may re-read it and run the target once more.</summary>
    public bool KeyRejected { get; private set; }

    public OutcomeError? VerifyError { get; set; }

    public IReadOnlyList<AccountItem>? Remaining { get; set; }

    public static string ItemKey(string kind, string id) => kind + ":" + id;

    /// <summary>A target as people read it: USDT-FUTURES, COIN-FUTURES/BTC.</summary>
    public static string Label(CancelTarget target) => target.WireProductType + (target.MarginCoin is null ? string.Empty : "/" + target.MarginCoin);

    /// <summary>Records the steps that did not start because the run was asked to stop.</summary>
    public void RecordNotStarted(IEnumerable<string> stepNames)
    {
        Interrupted = true;
        foreach (var name in stepNames)
        {
            Steps.Add(new StepOutcome(name, null, Round, 0, 0, [], new OutcomeError(OutcomeErrorKind.Interrupted, null, "Not started: the run was interrupted before this step.")));
        }
    }

    public static string PositionId(PositionInfo position) => position.Symbol + ":" + position.HoldSide;

    public void AddCalls(ExchangeCallStats stats) => calls.Add(stats);

    /// <summary>
    /// After a 40084 / 40085 answer: switches to the family of the account's real mode, once per run, and records it
    /// as a step. False when the error is something else, the run switched already, or the account's mode is set.
    /// The caller then retries the same step once.
    /// </summary>
    public bool TrySwitchMode(Exception error)
    {
        if (ModeSwitched || error is not ExchangeException { Kind: ExchangeErrorKind.AccountModeMismatch } mismatch
            || apis.AfterMismatch(Command.Account, Credentials, mismatch) is not { } next)
        {
            return false;
        }

        if (mismatch.Stats is { } stats)
        {
            calls.Add(stats);
        }

        ModeSwitched = true;
        Steps.Add(new StepOutcome(StepNames.AccountModeSwitched, null, Round, 0, 0, [$"{Api.Mode} API answered {mismatch.Code}: the account is {next.Mode}; the step was retried on that API"]));
        Api = next;
        return true;
    }

    /// <summary>Records a step that ran: its counts, and how its calls went.</summary>
    public void Record(string name, string? type, int done, int failed, IReadOnlyList<string> failedItems, ExchangeCallStats stats)
    {
        calls.Add(stats);
        Steps.Add(new StepOutcome(name, type, Round, done, failed, failedItems));
        Done += done;
    }

    /// <summary>Records a step that failed as a whole.</summary>
    public void RecordError(string name, string? type, OutcomeError error, ExchangeException? cause)
    {
        if (cause?.Stats is { } stats)
        {
            calls.Add(stats);
        }

        Steps.Add(new StepOutcome(name, type, Round, 0, 0, [], error));
        StepErrors.Add(error);
        if (cause is { StopsTarget: true })
        {
            Fatal ??= error;
            KeyRejected |= cause.Kind == ExchangeErrorKind.Credentials;
        }
    }

    /// <summary>The wire figures of every call this run made.</summary>
    public ExchangeCallStats Stats => ExchangeCallStatsSum.Of(calls);

    public TargetOutcome ToOutcome()
    {
        if (Fatal is not null)
        {
            return Outcome(Done > 0 ? OutcomeStatus.PartiallyFailed : OutcomeStatus.Failed, Fatal);
        }

        if (Interrupted)
        {
            var notStarted = Steps.Where(s => s.Error?.Kind == OutcomeErrorKind.Interrupted).Select(s => s.Name).ToList();
            var what = notStarted.Count > 0 ? $"{string.Join(", ", notStarted)} did not start" : "verify stopped re-running steps";
            return Outcome(Done > 0 ? OutcomeStatus.PartiallyFailed : OutcomeStatus.Failed, new OutcomeError(OutcomeErrorKind.Interrupted, null, $"The run was interrupted: {what}. {Done} item(s) were cancelled or closed before it stopped; check the account on Bitget now."));
        }

        if (Command.ShouldVerify)
        {
            if (VerifyError is not null)
            {
                return Outcome(OutcomeStatus.Failed, VerifyError);
            }

            if (Remaining is { Count: > 0 } remaining)
            {
                var kinds = string.Join(", ", remaining.GroupBy(r => r.Kind).Select(g => $"{g.Count()} {g.Key}"));
                return Outcome(OutcomeStatus.Failed, new OutcomeError(OutcomeErrorKind.NotFlat, null, $"The target is NOT flat: {remaining.Count} item(s) remained after verify ({kinds}). See remaining for what and why, and check the account on Bitget now."));
            }

            // Verified flat: step errors stay visible in the steps, but the account is as it should be.
            return Outcome(Done > 0 ? OutcomeStatus.Succeeded : OutcomeStatus.NothingToCancel, null);
        }

        var failures = Steps.Sum(s => s.Failed);
        if (StepErrors.Count == 0 && failures == 0)
        {
            return Outcome(Done > 0 ? OutcomeStatus.Succeeded : OutcomeStatus.NothingToCancel, null);
        }

        var error = StepErrors.FirstOrDefault()
            ?? new OutcomeError(OutcomeErrorKind.OrdersNotCancelled, FailedOrders.Count > 0 ? FailedOrders[0].ErrorCode : null, $"{failures} item(s) could not be cancelled or closed; see the steps. Check them on the exchange.");
        return Outcome(Done > 0 ? OutcomeStatus.PartiallyFailed : OutcomeStatus.Failed, error);
    }

    /// <summary>The outcome of the orders scope without verify: no step list (unless the API family switched, which it shows).</summary>
    public TargetOutcome OrdersOnlyOutcome()
    {
        var outcome = ToOutcome();
        var error = outcome.Error;
        if (Fatal is null && FailedOrders.Count > 0)
        {
            error = new OutcomeError(OutcomeErrorKind.OrdersNotCancelled, FailedOrders[0].ErrorCode, $"{FailedOrders.Count} order(s) could not be cancelled; see the failed list. Check them on the exchange.");
        }

        var status = !Interrupted && StepErrors.Count == 0 && Cancelled.Count == 0 && FailedOrders.Count == 0 ? OutcomeStatus.NothingToCancel : outcome.Status;
        return outcome with { Status = status, Error = error, Steps = ModeSwitched || Interrupted ? outcome.Steps : null };
    }

    public TargetOutcome Outcome(OutcomeStatus status, OutcomeError? error, string? preview = null, IReadOnlyList<AccountItem>? wouldCancel = null)
    {
        var stats = Stats;
        return new TargetOutcome(
            Target.WireProductType,
            Target.MarginCoin,
            Target.Environment.ToString(),
            status,
            Cancelled,
            FailedOrders,
            error,
            stats.Attempts,
            stats.RateLimitWait.TotalMilliseconds,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            preview,
            Steps: wouldCancel is null ? Steps : null,
            Remaining: wouldCancel is null ? Remaining : null,
            WouldCancel: wouldCancel,
            Retries: stats.Retries,
            AccountMode: Api.Mode);
    }
}
