using System.Diagnostics;
using CancelAll.Core.Commands;
using CancelAll.Core.Credentials;
using CancelAll.Core.Exchange;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Outcomes;

/// <summary>
/// The entries and flatten scopes, verify, and the read-only preview, for one target.
/// Flatten runs, in this order: cancel normal orders and entry plan orders; close every position at market;
/// cancel the take-profit and stop-loss orders left behind (never those of a position that is still open);
/// verify. Verify lists what is left and re-runs only the step whose leftovers it found, until the target is
/// flat or the deadline passes. Errors are recorded per step; only credential-type errors stop a target early,
/// because leaving positions open is the larger risk.
/// </summary>
public sealed partial class FlattenSteps(
    BitgetClient client,
    ICredentialsProvider credentialsProvider,
    IOptions<FlattenOptions> options,
    TimeProvider timeProvider,
    ILogger<FlattenSteps> logger)
{
    /// <summary>Runs the command's scope (and verify, when asked) for one target.</summary>
    /// <param name="cancelAll">The cancel-all call for this target, so that the workflow decides how it is made.</param>
    public async Task<TargetOutcome> RunAsync(
        CancelCommand command,
        ApiCredentials credentials,
        CancelTarget target,
        Func<ApiCredentials, CancellationToken, Task<CancelAllResult>> cancelAll,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(cancelAll);
        var run = new TargetRun(command, target, credentials, Stopwatch.GetTimestamp());

        await CancelOrdersAsync(run, cancelAll, cancellationToken).ConfigureAwait(false);
        if (command.Scope >= CancelScope.Entries)
        {
            foreach (var planType in BitgetPlanTypes.Entries)
            {
                await CancelPlansAsync(run, StepNames.CancelEntryPlans, planType, cancellationToken).ConfigureAwait(false);
            }
        }

        if (command.Scope == CancelScope.Flatten)
        {
            await ClosePositionsAsync(run, cancellationToken).ConfigureAwait(false);
            await CancelProtectivePlansAsync(run, cancellationToken).ConfigureAwait(false);
        }

        if (command.ShouldVerify && run.Fatal is null)
        {
            await VerifyAsync(run, cancelAll, cancellationToken).ConfigureAwait(false);
        }

        var outcome = run.ToOutcome();
        LogTargetFinished(logger, command.CorrelationId, target, command.Scope, outcome.Status, run.Steps.Count, outcome.Remaining?.Count ?? 0);
        return outcome;
    }

    /// <summary>
    /// The read-only preview: signed GETs only. Lists what the scope would cancel or close and changes nothing.
    /// </summary>
    public async Task<TargetOutcome> PreviewAsync(CancelCommand command, ApiCredentials credentials, CancelTarget target, string? preview, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(target);
        var run = new TargetRun(command, target, credentials, Stopwatch.GetTimestamp());
        try
        {
            var found = await ReadAsync(run, cancellationToken).ConfigureAwait(false);
            var items = found.All.Select(i => i with { Reason = WouldDo(i) }).ToList();
            var status = items.Count == 0 ? OutcomeStatus.NothingToCancel : OutcomeStatus.Succeeded;
            return run.Outcome(status, null, preview, wouldCancel: items);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = OutcomeErrors.From(e);
            LogStepFailed(logger, command.CorrelationId, target, "preview", string.Empty, error.Kind, error.Message);
            return run.Outcome(OutcomeStatus.Failed, error with { Message = "The read-only preview could not list the account: " + error.Message }, preview, wouldCancel: []);
        }

        string WouldDo(AccountItem item) => item.Kind switch
        {
            ItemKinds.Position => "would close at market",
            ItemKinds.ProtectivePlan => "would cancel after its position is closed",
            _ => "would cancel",
        };
    }

    private Task CancelOrdersAsync(TargetRun run, Func<ApiCredentials, CancellationToken, Task<CancelAllResult>> cancelAll, CancellationToken cancellationToken) =>
        StepAsync(run, StepNames.CancelOrders, null, async credentials =>
        {
            var result = await cancelAll(credentials, cancellationToken).ConfigureAwait(false);
            run.Cancelled.AddRange(result.Cancelled);
            run.FailedOrders.AddRange(result.Failed);
            foreach (var failed in result.Failed)
            {
                run.Reasons[Key(ItemKinds.Order, failed.OrderId)] = $"cancel-all could not cancel it ({failed.ErrorCode} {failed.ErrorMessage})";
            }

            return new StepCounts(result.Cancelled.Count, result.Failed.Count, result.Failed.Select(f => $"order {f.OrderId}: {f.ErrorCode} {f.ErrorMessage}").ToList(), result.Stats);
        }, cancellationToken);

    private Task CancelPlansAsync(TargetRun run, string step, string planType, CancellationToken cancellationToken, string? symbol = null) =>
        StepAsync(run, step, planType, async credentials =>
        {
            var result = await client.CancelPlanOrdersAsync(credentials, run.Target, planType, symbol, cancellationToken).ConfigureAwait(false);
            var kind = step == StepNames.CancelEntryPlans ? ItemKinds.EntryPlan : ItemKinds.ProtectivePlan;
            foreach (var failed in result.Failed)
            {
                run.Reasons[Key(kind, failed.OrderId)] = $"cancel-plan-order could not cancel it ({failed.ErrorCode} {failed.ErrorMessage})";
            }

            return new StepCounts(result.Cancelled.Count, result.Failed.Count, result.Failed.Select(f => $"plan {f.OrderId} ({planType}): {f.ErrorCode} {f.ErrorMessage}").ToList(), result.Stats);
        }, cancellationToken, onError: error =>
        {
            // Remember why, so that verify can say why an order of this type is still there.
            run.PlanTypeErrors[planType] = error.Message;
        });

    /// <summary>Lists the open positions and closes each: per symbol in one-way mode, per symbol and side in hedge mode.</summary>
    private Task ClosePositionsAsync(TargetRun run, CancellationToken cancellationToken) =>
        StepAsync(run, StepNames.ClosePositions, null, async credentials =>
        {
            var listed = await client.ListPositionsAsync(credentials, run.Target, cancellationToken).ConfigureAwait(false);
            var stats = new StatsSum();
            stats.Add(listed.Stats);
            var done = 0;
            var failedItems = new List<string>();
            var closes = listed.Items
                .GroupBy(p => p.Symbol, StringComparer.Ordinal)
                .SelectMany(g => g.Any(p => p.HedgeMode)
                    ? g.Select(p => (Symbol: g.Key, HoldSide: (string?)p.HoldSide, Positions: (IReadOnlyList<PositionInfo>)[p]))
                    : [(Symbol: g.Key, HoldSide: (string?)null, Positions: (IReadOnlyList<PositionInfo>)g.ToList())]);
            foreach (var (symbol, holdSide, positions) in closes)
            {
                try
                {
                    var result = await client.ClosePositionsAsync(credentials, run.Target, symbol, holdSide, cancellationToken).ConfigureAwait(false);
                    stats.Add(result.Stats);
                    if (result.Failed.Count == 0)
                    {
                        done += positions.Count;
                        continue;
                    }

                    var why = string.Join("; ", result.Failed.Select(f => $"{f.ErrorCode} {f.ErrorMessage}".Trim()));
                    Remember(positions, $"close-positions failed ({why})");
                    failedItems.Add($"{symbol} {holdSide ?? "one-way"}: {why}");
                }
                catch (ExchangeException e) when (!IsFatal(e.Kind))
                {
                    Remember(positions, $"close-positions failed ({e.Kind}: {e.Message})");
                    failedItems.Add($"{symbol} {holdSide ?? "one-way"}: {e.Kind} {e.Code}");
                }
            }

            return new StepCounts(done, failedItems.Count, failedItems, stats.ToStats());

            void Remember(IReadOnlyList<PositionInfo> positions, string reason)
            {
                foreach (var position in positions)
                {
                    run.Reasons[Key(ItemKinds.Position, PositionId(position))] = reason;
                }
            }
        }, cancellationToken);

    /// <summary>
    /// Cancels the TP/SL plan orders left behind, by plan type. Those of a symbol whose position is still open are
    /// kept, because cancelling them would leave that position unprotected; they are reported as remaining.
    /// </summary>
    private Task CancelProtectivePlansAsync(TargetRun run, CancellationToken cancellationToken) =>
        StepAsync(run, StepNames.CancelProtectivePlans, null, async credentials =>
        {
            var stats = new StatsSum();
            var positions = await client.ListPositionsAsync(credentials, run.Target, cancellationToken).ConfigureAwait(false);
            stats.Add(positions.Stats);
            var plans = await client.ListPlanOrdersAsync(credentials, run.Target, BitgetPlanTypes.ProfitLossQuery, cancellationToken).ConfigureAwait(false);
            stats.Add(plans.Stats);
            var open = positions.Items.Select(p => p.Symbol).ToHashSet(StringComparer.Ordinal);
            foreach (var kept in plans.Items.Where(p => p.Symbol is not null && open.Contains(p.Symbol)))
            {
                run.Reasons[Key(ItemKinds.ProtectivePlan, kept.OrderId)] = $"kept on purpose: it protects the {kept.Symbol} position, which is still open";
            }

            var toCancel = plans.Items.Where(p => p.Symbol is null || !open.Contains(p.Symbol)).ToList();
            // With no position left, one call per plan type covers the target; otherwise go symbol by symbol.
            var calls = open.Count == 0
                ? toCancel.Select(p => (PlanType: p.PlanType ?? BitgetPlanTypes.ProfitLossQuery, Symbol: (string?)null)).Distinct().ToList()
                : toCancel.Select(p => (PlanType: p.PlanType ?? BitgetPlanTypes.ProfitLossQuery, p.Symbol)).Distinct().ToList();
            var done = 0;
            var failedItems = new List<string>();
            foreach (var (planType, symbol) in calls)
            {
                try
                {
                    var result = await client.CancelPlanOrdersAsync(credentials, run.Target, planType, symbol, cancellationToken).ConfigureAwait(false);
                    stats.Add(result.Stats);
                    done += result.Cancelled.Count;
                    foreach (var failed in result.Failed)
                    {
                        run.Reasons[Key(ItemKinds.ProtectivePlan, failed.OrderId)] = $"cancel-plan-order could not cancel it ({failed.ErrorCode} {failed.ErrorMessage})";
                        failedItems.Add($"plan {failed.OrderId} ({planType}): {failed.ErrorCode} {failed.ErrorMessage}");
                    }
                }
                catch (ExchangeException e) when (!IsFatal(e.Kind))
                {
                    // A plan type the exchange rejects is an error that names it, recorded for verify to report.
                    run.PlanTypeErrors[planType] = e.Message;
                    failedItems.Add($"{planType}{(symbol is null ? string.Empty : " " + symbol)}: {e.Kind} {e.Code}: {e.Message}");
                    run.StepErrors.Add(new OutcomeError(e.Kind == ExchangeErrorKind.BadRequest ? "PlanTypeRejected" : e.Kind.ToString(), e.Code, e.Message));
                }
            }

            return new StepCounts(done, failedItems.Count, failedItems, stats.ToStats());
        }, cancellationToken);

    private async Task VerifyAsync(TargetRun run, Func<ApiCredentials, CancellationToken, Task<CancelAllResult>> cancelAll, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var deadline = timeProvider.GetUtcNow() + settings.VerifyDeadline;
        var checks = 0;
        while (true)
        {
            Leftovers left;
            try
            {
                left = await ReadAsync(run, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var error = OutcomeErrors.From(e);
                run.VerifyError = error with { Message = "Could not verify that the target is flat: " + error.Message };
                run.Steps.Add(new StepOutcome(StepNames.Verify, null, run.Round, 0, 0, [], run.VerifyError));
                LogStepFailed(logger, run.Command.CorrelationId, run.Target, StepNames.Verify, string.Empty, error.Kind, error.Message);
                return;
            }

            checks++;
            run.Verified = true;
            run.Steps.Add(new StepOutcome(StepNames.Verify, null, run.Round, 0, left.Count, left.All.Select(Describe).ToList()));
            if (left.Count == 0)
            {
                run.Remaining = [];
                return;
            }

            if (timeProvider.GetUtcNow() >= deadline || run.Fatal is not null)
            {
                var suffix = $"; still there when verify stopped ({checks} check(s), deadline {settings.VerifyDeadline.TotalSeconds:0.###} s)";
                run.Remaining = left.All.Select(i => i with { Reason = i.Reason + suffix }).ToList();
                LogNotFlat(logger, run.Command.CorrelationId, run.Target, left.Count, checks);
                return;
            }

            // Re-run only what is missing, in the same safe order as the first pass.
            run.Round++;
            LogVerifyRetry(logger, run.Command.CorrelationId, run.Target, left.Orders.Count, left.EntryPlans.Count, left.Positions.Count, left.ProtectivePlans.Count, run.Round);
            if (left.Orders.Count > 0)
            {
                await CancelOrdersAsync(run, cancelAll, cancellationToken).ConfigureAwait(false);
            }

            foreach (var planType in left.EntryPlans.Select(p => p.PlanType ?? BitgetPlanTypes.Trigger).Distinct(StringComparer.Ordinal))
            {
                await CancelPlansAsync(run, StepNames.CancelEntryPlans, planType, cancellationToken).ConfigureAwait(false);
            }

            if (left.Positions.Count > 0)
            {
                await ClosePositionsAsync(run, cancellationToken).ConfigureAwait(false);
            }

            if (left.ProtectivePlans.Count > 0 || left.Positions.Count > 0)
            {
                await CancelProtectivePlansAsync(run, cancellationToken).ConfigureAwait(false);
            }

            var pause = deadline - timeProvider.GetUtcNow();
            if (pause > settings.VerifyInterval)
            {
                pause = settings.VerifyInterval;
            }

            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause, timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }

        static string Describe(AccountItem item) => $"{item.Kind} {item.Id}{(item.Symbol is null ? string.Empty : " " + item.Symbol)}{(item.PlanType is null ? string.Empty : " " + item.PlanType)}";
    }

    /// <summary>Lists what the scope is responsible for: signed GETs only.</summary>
    private async Task<Leftovers> ReadAsync(TargetRun run, CancellationToken cancellationToken)
    {
        var credentials = run.Credentials;
        var target = run.Target;
        var scope = run.Command.Scope;
        var orders = await client.ListPendingOrdersAsync(credentials, target, cancellationToken).ConfigureAwait(false);
        run.Stats.Add(orders.Stats);
        var left = new Leftovers();
        left.Orders.AddRange(orders.Items.Select(o => Item(run, ItemKinds.Order, o, "still open after cancel-all (it could not be cancelled, or it was placed again)")));
        if (scope >= CancelScope.Entries)
        {
            foreach (var planType in BitgetPlanTypes.Entries)
            {
                var plans = await client.ListPlanOrdersAsync(credentials, target, planType, cancellationToken).ConfigureAwait(false);
                run.Stats.Add(plans.Stats);
                left.EntryPlans.AddRange(plans.Items.Select(p => Item(run, ItemKinds.EntryPlan, p with { PlanType = p.PlanType ?? planType }, "still pending after cancel-plan-order")));
            }
        }

        if (scope == CancelScope.Flatten)
        {
            var positions = await client.ListPositionsAsync(credentials, target, cancellationToken).ConfigureAwait(false);
            run.Stats.Add(positions.Stats);
            left.Positions.AddRange(positions.Items.Select(p => new AccountItem(
                ItemKinds.Position,
                PositionId(p),
                p.Symbol,
                p.MarginCoin,
                null,
                p.HoldSide,
                p.Total,
                run.Reasons.GetValueOrDefault(Key(ItemKinds.Position, PositionId(p))) ?? "still open after close-positions")));
            var protective = await client.ListPlanOrdersAsync(credentials, target, BitgetPlanTypes.ProfitLossQuery, cancellationToken).ConfigureAwait(false);
            run.Stats.Add(protective.Stats);
            left.ProtectivePlans.AddRange(protective.Items.Select(p => Item(run, ItemKinds.ProtectivePlan, p, "still pending after cancel-plan-order")));
        }

        return left;
    }

    private static AccountItem Item(TargetRun run, string kind, PendingOrder order, string fallback)
    {
        var reason = run.Reasons.GetValueOrDefault(Key(kind, order.OrderId))
            ?? (order.PlanType is not null && run.PlanTypeErrors.TryGetValue(order.PlanType, out var planError) ? planError : null)
            ?? fallback;
        return new AccountItem(kind, order.OrderId, order.Symbol, order.MarginCoin, order.PlanType, order.Side, order.Size, reason);
    }

    /// <summary>Runs one step: records it, refreshes a rotated key once, and turns failures into step errors.</summary>
    private async Task StepAsync(TargetRun run, string name, string? planType, Func<ApiCredentials, Task<StepCounts>> action, CancellationToken cancellationToken, Action<OutcomeError>? onError = null)
    {
        if (run.Fatal is not null)
        {
            return;
        }

        try
        {
            StepCounts counts;
            try
            {
                counts = await action(run.Credentials).ConfigureAwait(false);
            }
            catch (ExchangeException e) when (e.Kind == ExchangeErrorKind.Credentials && !run.Refreshed)
            {
                run.Refreshed = true;
                var fresh = await credentialsProvider.RefreshAsync(run.Command.Account, run.Credentials, cancellationToken).ConfigureAwait(false);
                if (fresh is null)
                {
                    throw;
                }

                run.Credentials = fresh;
                counts = await action(fresh).ConfigureAwait(false);
            }

            run.Stats.Add(counts.Stats);
            run.Steps.Add(new StepOutcome(name, planType, run.Round, counts.Done, counts.Failed, counts.FailedItems));
            run.Done += counts.Done;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = OutcomeErrors.From(e);
            if (e is ExchangeException { Kind: ExchangeErrorKind.BadRequest } && planType is not null)
            {
                error = error with { Kind = "PlanTypeRejected" };
            }

            run.Steps.Add(new StepOutcome(name, planType, run.Round, 0, 0, [], error));
            run.StepErrors.Add(error);
            onError?.Invoke(error);
            if (e is ExchangeException exchange && IsFatal(exchange.Kind))
            {
                run.Fatal = error;
            }

            LogStepFailed(logger, run.Command.CorrelationId, run.Target, name, planType ?? string.Empty, error.Kind, error.Message);
        }
    }

    /// <summary>Errors that every further call would repeat: stop the target rather than hammer the exchange.</summary>
    private static bool IsFatal(ExchangeErrorKind kind) =>
        kind is ExchangeErrorKind.Credentials or ExchangeErrorKind.Permission or ExchangeErrorKind.Signature or ExchangeErrorKind.EnvironmentMismatch;

    private static string Key(string kind, string id) => kind + ":" + id;

    private static string PositionId(PositionInfo position) => position.Symbol + ":" + position.HoldSide;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cancel-all {CorrelationId} target {Target}: step {Step} {PlanType} failed ({ErrorKind}): {ErrorMessage}")]
    private static partial void LogStepFailed(ILogger logger, string correlationId, CancelTarget target, string step, string planType, string errorKind, string errorMessage);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cancel-all {CorrelationId} target {Target}: verify found {Orders} order(s), {EntryPlans} entry plan(s), {Positions} position(s), {Protective} TP/SL; re-running those steps (round {Round})")]
    private static partial void LogVerifyRetry(ILogger logger, string correlationId, CancelTarget target, int orders, int entryPlans, int positions, int protective, int round);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cancel-all {CorrelationId} target {Target}: NOT flat, {Count} item(s) remain after {Checks} verify check(s)")]
    private static partial void LogNotFlat(ILogger logger, string correlationId, CancelTarget target, int count, int checks);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cancel-all {CorrelationId} target {Target}: scope {Scope} finished {Status}, {Steps} step(s), {Remaining} remaining")]
    private static partial void LogTargetFinished(ILogger logger, string correlationId, CancelTarget target, CancelScope scope, OutcomeStatus status, int steps, int remaining);

    private sealed record StepCounts(int Done, int Failed, IReadOnlyList<string> FailedItems, ExchangeCallStats Stats);

    private sealed class Leftovers
    {
        public List<AccountItem> Orders { get; } = [];

        public List<AccountItem> EntryPlans { get; } = [];

        public List<AccountItem> Positions { get; } = [];

        public List<AccountItem> ProtectivePlans { get; } = [];

        public int Count => Orders.Count + EntryPlans.Count + Positions.Count + ProtectivePlans.Count;

        public IEnumerable<AccountItem> All => Orders.Concat(EntryPlans).Concat(Positions).Concat(ProtectivePlans);
    }

    private sealed class StatsSum
    {
        private readonly long started = Stopwatch.GetTimestamp();

        public int Attempts { get; private set; }

        public TimeSpan Waited { get; private set; }

        public void Add(ExchangeCallStats stats)
        {
            Attempts += stats.Attempts;
            Waited += stats.RateLimitWait;
        }

        public ExchangeCallStats ToStats() => new(Attempts, Waited, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Everything one target's run accumulates.</summary>
    private sealed class TargetRun(CancelCommand command, CancelTarget target, ApiCredentials credentials, long started)
    {
        public CancelCommand Command { get; } = command;

        public CancelTarget Target { get; } = target;

        public ApiCredentials Credentials { get; set; } = credentials;

        public bool Refreshed { get; set; }

        public int Round { get; set; } = 1;

        public int Done { get; set; }

        public List<StepOutcome> Steps { get; } = [];

        public List<CancelledOrder> Cancelled { get; } = [];

        public List<FailedOrder> FailedOrders { get; } = [];

        public List<OutcomeError> StepErrors { get; } = [];

        public Dictionary<string, string> Reasons { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> PlanTypeErrors { get; } = new(StringComparer.Ordinal);

        public StatsSum Stats { get; } = new();

        public OutcomeError? Fatal { get; set; }

        public OutcomeError? VerifyError { get; set; }

        public bool Verified { get; set; }

        public IReadOnlyList<AccountItem>? Remaining { get; set; }

        public TargetOutcome ToOutcome()
        {
            if (Fatal is not null)
            {
                return Outcome(Done > 0 ? OutcomeStatus.PartiallyFailed : OutcomeStatus.Failed, Fatal);
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
                    return Outcome(OutcomeStatus.Failed, new OutcomeError("NotFlat", null, $"The target is NOT flat: {remaining.Count} item(s) remained after verify ({kinds}). See remaining for what and why, and check the account on Bitget now."));
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
                ?? new OutcomeError("NotCancelled", FailedOrders.FirstOrDefault()?.ErrorCode, $"{failures} item(s) could not be cancelled or closed; see the steps. Check them on the exchange.");
            return Outcome(Done > 0 ? OutcomeStatus.PartiallyFailed : OutcomeStatus.Failed, error);
        }

        public TargetOutcome Outcome(OutcomeStatus status, OutcomeError? error, string? preview = null, IReadOnlyList<AccountItem>? wouldCancel = null)
        {
            var stats = Stats.ToStats();
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
                WouldCancel: wouldCancel);
        }
    }
}
