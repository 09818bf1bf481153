using System.Globalization;
using CancelAll.Core.Exchange;
using CancelAll.Core.Outcomes;

namespace CancelAll.Core.Replies;

/// <summary>
/// The outcome in one line. It states only what is known: "0 remaining" only when verify ran on every target and found
/// nothing; what is left, per kind, when something is; "not verified" when verify did not run.
/// </summary>
public static class OutcomeHeadline
{
    public static string For(CancelOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        switch (outcome.Status)
        {
            case OutcomeStatus.Rejected:
                return $"Rejected, nothing was sent: {outcome.Error?.Kind.ToString() ?? "refused"}";
            case OutcomeStatus.Ignored when outcome.Hold is { Phase: HoldPhases.Released } hold:
                return $"Hold released: {hold.Id}";
            case OutcomeStatus.Ignored:
                return "Ignored: nothing was asked for";
        }

        var targets = outcome.Targets;
        if (outcome.DryRun)
        {
            var would = targets.SelectMany(t => t.WouldCancel ?? []).ToList();
            return $"Dry run, nothing was changed: would act on {Breakdown(would)} on {Count(targets.Count, "target")}";
        }

        var line = string.Create(CultureInfo.InvariantCulture, $"{outcome.Status}: {outcome.CancelledCount} cancelled, {outcome.FailedCount} failed, ");
        var verified = targets.Where(t => t.Remaining is not null).ToList();
        var left = verified.SelectMany(t => t.Remaining!).ToList();
        var unverified = targets.Count - verified.Count;
        line += (left.Count, unverified) switch
        {
            (0, 0) when targets.Count > 0 => "0 remaining (verified)",
            (0, _) when verified.Count == 0 => "not verified",
            (0, _) => $"nothing left on {Count(verified.Count, "verified target")}, {unverified} of {targets.Count} not verified",
            (_, 0) => $"still open: {Breakdown(left)}",
            _ => $"still open: {Breakdown(left)}; {unverified} of {targets.Count} targets not verified",
        };
        var error = outcome.Error ?? targets.Select(t => t.Error).FirstOrDefault(e => e is not null);
        return error is null ? line : $"{line}; error {error.Kind}";
    }

    /// <summary>"2 orders, 1 plan order, 0 positions".</summary>
    public static string Breakdown(IReadOnlyCollection<AccountItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var orders = items.Count(i => i.Kind == ItemKinds.Order);
        var positions = items.Count(i => i.Kind == ItemKinds.Position);
        var plans = items.Count - orders - positions;
        return $"{Count(orders, "order")}, {Count(plans, "plan order")}, {Count(positions, "position")}";
    }

    private static string Count(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");
}
