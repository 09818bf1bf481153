using CancelAll.Core.Commands;
using CancelAll.Core.Credentials;
using CancelAll.Core.Exchange;

namespace CancelAll.Core.Tests.Kill;

/// <summary>
/// An API family that keeps an account in memory and records every call: what a new family (V3, or a fake) takes.
/// Serves <see cref="AccountMode.Classic"/> so that, registered last, it replaces the V2 family.
/// </summary>
internal sealed class FakeAccountApi : IAccountApi
{
    private int nextId;

    public List<string> Calls { get; } = [];

    public List<PendingOrder> Orders { get; } = [];

    public List<PendingOrder> Conditional { get; } = [];

    public List<PositionInfo> Positions { get; } = [];

    /// <summary>Entry types whose cancel the fake rejects as a bad request.</summary>
    public HashSet<string> RejectedTypes { get; } = [];

    public AccountMode Mode => AccountMode.Classic;

    public string ClosePositionsPath => BitgetEndpoints.V2ClosePositions;

    public IReadOnlyList<string> EntryTypes { get; } = ["fake_trigger"];

    public FakeAccountApi Seed(bool hedge)
    {
        Orders.Add(Order(ItemKinds.Order, null, "BTCUSDT"));
        Orders.Add(Order(ItemKinds.Order, null, "ETHUSDT"));
        Conditional.Add(Order(ItemKinds.EntryPlan, "fake_trigger", "BTCUSDT"));
        Conditional.Add(Order(ItemKinds.ProtectivePlan, "fake_tpsl", "BTCUSDT"));
        Conditional.Add(Order(ItemKinds.ProtectivePlan, "fake_tpsl", "ETHUSDT"));
        Positions.Add(new PositionInfo("BTCUSDT", "USDT", "long", "1", hedge));
        Positions.Add(new PositionInfo("BTCUSDT", "USDT", hedge ? "short" : "long", "1", hedge));
        return this;
    }

    public PendingOrder Order(string kind, string? type, string symbol) =>
        new((++nextId).ToString(System.Globalization.CultureInfo.InvariantCulture), null, symbol, "USDT", type, "buy", "1", kind);

    public string DescribeCancelOrders(ApiCredentials credentials, CancelTarget target) => "FAKE cancel " + target;

    public Task<CancelAllResult> CancelOrdersAsync(ApiCredentials credentials, CancelTarget target, CancellationToken cancellationToken)
    {
        Calls.Add("cancel-orders");
        var cancelled = Orders.Select(o => new CancelledOrder(o.OrderId, null)).ToList();
        Orders.Clear();
        return Task.FromResult(new CancelAllResult(cancelled, [], cancelled.Count == 0, Stats()));
    }

    public Task<CancelBatch> CancelEntryOrdersAsync(ApiCredentials credentials, CancelTarget target, string entryType, CancellationToken cancellationToken)
    {
        Calls.Add("cancel-entries " + entryType);
        if (RejectedTypes.Contains(entryType))
        {
            throw new ExchangeException(ExchangeErrorKind.BadRequest, "40808", $"the fake rejects '{entryType}'") { Stats = Stats() };
        }

        return Task.FromResult(new CancelBatch(entryType, Take(o => o.PlanType == entryType), [], Stats()));
    }

    public Task<ListResult<PendingOrder>> ListOrdersAsync(ApiCredentials credentials, CancelTarget target, CancellationToken cancellationToken)
    {
        Calls.Add("list-orders");
        return Task.FromResult(new ListResult<PendingOrder>(Orders.ToList(), Stats()));
    }

    public Task<ListResult<PendingOrder>> ListConditionalOrdersAsync(ApiCredentials credentials, CancelTarget target, CancelScope scope, CancellationToken cancellationToken)
    {
        Calls.Add("list-conditional");
        var listed = Conditional.Where(o => scope == CancelScope.Flatten || o.Kind != ItemKinds.ProtectivePlan).ToList();
        return Task.FromResult(new ListResult<PendingOrder>(listed, Stats()));
    }

    public Task<ListResult<PendingOrder>> ListLeftoverOrdersAsync(ApiCredentials credentials, CancelTarget target, CancellationToken cancellationToken)
    {
        Calls.Add("list-leftovers");
        var listed = Conditional.Where(o => o.Kind is ItemKinds.ProtectivePlan or ItemKinds.UnknownPlan).ToList();
        return Task.FromResult(new ListResult<PendingOrder>(listed, Stats()));
    }

    public Task<ListResult<PositionInfo>> ListPositionsAsync(ApiCredentials credentials, CancelTarget target, CancellationToken cancellationToken)
    {
        Calls.Add("list-positions");
        return Task.FromResult(new ListResult<PositionInfo>(Positions.ToList(), Stats()));
    }

    public Task<ClosePositionsResult> ClosePositionsAsync(ApiCredentials credentials, CancelTarget target, string symbol, string? holdSide, CancellationToken cancellationToken)
    {
        Calls.Add($"close {symbol} {holdSide ?? "one-way"}");
        var closed = Positions.RemoveAll(p => p.Symbol == symbol && (holdSide is null || p.HoldSide == holdSide));
        return Task.FromResult(new ClosePositionsResult(symbol, holdSide, Enumerable.Repeat("close", closed).ToList(), [], Stats()));
    }

    public Task<IReadOnlyList<CancelBatch>> CancelLeftoverOrdersAsync(ApiCredentials credentials, CancelTarget target, IReadOnlyList<PendingOrder> orders, bool noPositionOpen, CancellationToken cancellationToken)
    {
        Calls.Add($"cancel-leftovers {orders.Count}");
        var ids = orders.Select(o => o.OrderId).ToHashSet();
        IReadOnlyList<CancelBatch> batches = [new CancelBatch("fake_tpsl", Take(o => ids.Contains(o.OrderId)), [], Stats())];
        return Task.FromResult(batches);
    }

    private List<CancelledOrder> Take(Func<PendingOrder, bool> match)
    {
        var taken = Conditional.Where(match).ToList();
        Conditional.RemoveAll(o => taken.Contains(o));
        return taken.Select(o => new CancelledOrder(o.OrderId, null)).ToList();
    }

    private static ExchangeCallStats Stats() => new(1, TimeSpan.Zero, TimeSpan.Zero);
}
