using CancelAll.Core.Exchange;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Replies;
using CsCheck;

namespace CancelAll.Core.Tests.Contract;

/// <summary>The headline states only what is known: never "0 remaining" while anything is left or unverified.</summary>
public class HeadlineTests
{
    private static readonly string[] Kinds = [ItemKinds.Order, ItemKinds.EntryPlan, ItemKinds.ProtectivePlan, ItemKinds.UnknownPlan, ItemKinds.Position];

    /// <summary>A target whose verify did not run (null), found nothing, or found some items of any kind.</summary>
    private static readonly Gen<IReadOnlyList<AccountItem>?> Remaining =
        Gen.Frequency(
            (1, Gen.Const((IReadOnlyList<AccountItem>?)null)),
            (3, Gen.Int[0, 4].SelectMany(n => Gen.OneOfConst(Kinds).Array[n]).Select(kinds =>
                (IReadOnlyList<AccountItem>?)[.. kinds.Select((k, i) => new AccountItem(k, "id-" + i, "BTCUSDT", "USDT", null, null, null, "still open"))])));

    private static readonly Gen<CancelOutcome> Outcomes =
        Gen.Select(Remaining.Array[0, 4], Gen.OneOfConst(OutcomeStatus.Succeeded, OutcomeStatus.PartiallyFailed, OutcomeStatus.Failed, OutcomeStatus.NothingToCancel), (remaining, status) =>
            new CancelOutcome("corr", "http", "main", status, null, false, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, [.. remaining.Select(r => Target(status, r))], null, "flatten"));

    private static TargetOutcome Target(OutcomeStatus status, IReadOnlyList<AccountItem>? remaining) =>
        new("USDT-FUTURES", null, "Live", status, [], [], null, 1, 0, 10, Remaining: remaining);

    [Fact]
    public void Zero_remaining_only_when_every_target_was_verified_and_nothing_is_left()
    {
        Outcomes.Sample(outcome =>
        {
            var headline = OutcomeHeadline.For(outcome);
            var verified = outcome.Targets.Count > 0 && outcome.Targets.All(t => t.Remaining is not null);
            var left = outcome.Targets.Sum(t => t.Remaining?.Count ?? 0);
            Assert.Equal(verified && left == 0, headline.Contains("0 remaining", StringComparison.Ordinal));
            Assert.Equal(!verified, headline.Contains("not verified", StringComparison.Ordinal));
            Assert.Equal(left > 0, headline.Contains("still open: ", StringComparison.Ordinal));
            Assert.Equal(outcome.Targets.Any(t => t.Remaining is not null) ? left : null, ReplyMapper.ToDocument(outcome).RemainingCount);
        });
    }

    [Fact]
    public void What_is_left_is_counted_per_kind()
    {
        var outcome = new CancelOutcome("corr", "http", "main", OutcomeStatus.Failed, null, false, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch,
            [Target(OutcomeStatus.Failed, [
                new AccountItem(ItemKinds.ProtectivePlan, "p1", "BTCUSDT", "USDT", "pos_loss", null, null, "still pending"),
                new AccountItem(ItemKinds.EntryPlan, "p2", "ETHUSDT", "USDT", "track_plan", null, null, "rejected"),
                new AccountItem(ItemKinds.Position, "BTCUSDT:long", "BTCUSDT", "USDT", null, "long", "0.5", "still open")])],
            new OutcomeError(OutcomeErrorKind.NotFlat, null, "not flat"), "flatten");

        Assert.Equal("Failed: 0 cancelled, 0 failed, still open: 0 orders, 2 plan orders, 1 position; error NotFlat", OutcomeHeadline.For(outcome));
        var remaining = ReplyMapper.ToDocument(outcome).Targets[0].Remaining!;
        Assert.Equal(["p1", "p2"], remaining.PlanOrders.Select(i => i.Id));
        Assert.Equal("BTCUSDT", Assert.Single(remaining.Positions).Symbol);
        Assert.Empty(remaining.Orders);
    }
}
