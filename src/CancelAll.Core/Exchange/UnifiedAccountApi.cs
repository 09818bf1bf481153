using CancelAll.Core.Commands;
using CancelAll.Core.Credentials;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Exchange;

/// <summary>
/// A Unified Trading Account's steps on Bitget's V3 API. Orders: cancel-symbol-order per category (per symbol for a
/// COIN-FUTURES margin coin, see <see cref="UnifiedTargets"/>). Entries: the trigger strategy orders, listed and
/// cancelled one by one. Leftovers after flatten: the TP/SL and any strategy order of an unknown type, one by one.
/// Reads list strategy orders with no type filter, so that nothing of an unknown type is missed.
/// </summary>
internal sealed class UnifiedAccountApi(BitgetV3Client client, ExchangeClock clock, IOptions<ExchangeOptions> options) : IAccountApi
{
    public AccountMode Mode => AccountMode.Unified;

    public IReadOnlyList<string> EntryTypes { get; } = [V3StrategyTypes.Trigger];

    public string DescribeCancelOrders(ApiCredentials credentials, CancelTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var request = BitgetV3Client.PrepareCancelSymbolOrder(target, null).Describe(credentials, clock.NowMs(), options.Value.Locale);
        return UnifiedTargets.SymbolFilter(target) is null
            ? request
            : request + $"\n(sent once per {target.MarginCoin}-settled symbol that has open orders, with its symbol)";
    }

    public async Task<CancelAllResult> CancelOrdersAsync(ApiCredentials credentials, CancelTarget target, CancellationToken cancellationToken)
    {
        if (UnifiedTargets.SymbolFilter(target) is not { } keep)
        {
            return await client.CancelSymbolOrderAsync(credentials, target, null, cancellationToken).ConfigureAwait(false);
        }

        // Only the margin coin's symbols: find those with open orders, then cancel symbol by symbol.
        var listed = await client.ListUnfilledOrdersAsync(credentials, target, cancellationToken).ConfigureAwait(false);
        var stats = new List<ExchangeCallStats> { listed.Stats };
        var cancelled = new List<CancelledOrder>();
        var failed = new List<FailedOrder>();
        foreach (var symbol in listed.Items.Select(o => o.Symbol).Where(keep).Distinct(StringComparer.Ordinal))
        {
            var result = await client.CancelSymbolOrderAsync(credentials, target, symbol, cancellationToken).ConfigureAwait(false);
            stats.Add(result.Stats);
            cancelled.AddRange(result.Cancelled);
            failed.AddRange(result.Failed);
        }

        return new CancelAllResult(cancelled, failed, cancelled.Count == 0 && failed.Count == 0, ExchangeCallStatsSum.Of(stats));
    }

    public async Task<CancelBatch> CancelEntryOrdersAsync(ApiCredentials credentials, CancelTarget target, string entryType, CancellationToken cancellationToken)
    {
        var keep = UnifiedTargets.SymbolFilter(target);
        var (items, listStats) = await client.ListStrategyOrdersAsync(credentials, target, entryType, cancellationToken).ConfigureAwait(false);
        var toCancel = items.Where(i => keep is null || keep(i.Symbol)).Select(i => new PendingOrder(i.OrderId, i.ClientOid, i.Symbol, null, i.Type, i.PosSide, i.Qty, ItemKinds.EntryPlan)).ToList();
        var batch = await CancelOneByOneAsync(credentials, target, entryType, toCancel, cancellationToken).ConfigureAwait(false);
        return batch with { Stats = ExchangeCallStatsSum.Of([listStats, batch.Stats]) };
    }

    public async Task<ListResult<PendingOrder>> ListOrdersAsync(ApiCredentials credentials, CancelTarget target, CancellationToken cancellationToken)
    {
        var keep = UnifiedTargets.SymbolFilter(target);
        var listed = await client.ListUnfilledOrdersAsync(credentials, target, cancellationToken).ConfigureAwait(false);
        return keep is null ? listed : listed with { Items = listed.Items.Where(o => keep(o.Symbol)).ToList() };
    }

    public async Task<ListResult<PendingOrder>> ListConditionalOrdersAsync(ApiCredentials credentials, CancelTarget target, CancelScope scope, CancellationToken cancellationToken)
    {
        var keep = UnifiedTargets.SymbolFilter(target);

        // No type filter: a strategy order of a type this service does not know is listed too, and reported.
        var (items, stats) = await client.ListStrategyOrdersAsync(credentials, target, null, cancellationToken).ConfigureAwait(false);
        var orders = items
            .Where(i => keep is null || keep(i.Symbol))
            .Select(i => new PendingOrder(i.OrderId, i.ClientOid, i.Symbol, null, i.Type, i.PosSide, i.Qty, KindOf(i.Type)))
            .ToList();
        return new ListResult<PendingOrder>(orders, stats);
    }

    public async Task<ListResult<PendingOrder>> ListLeftoverOrdersAsync(ApiCredentials credentials, CancelTarget target, CancellationToken cancellationToken)
    {
        var listed = await ListConditionalOrdersAsync(credentials, target, CancelScope.Flatten, cancellationToken).ConfigureAwait(false);
        return listed with { Items = listed.Items.Where(o => o.Kind is ItemKinds.ProtectivePlan or ItemKinds.UnknownPlan).ToList() };
    }

    public async Task<ListResult<PositionInfo>> ListPositionsAsync(ApiCredentials credentials, CancelTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var keep = UnifiedTargets.SymbolFilter(target);
        var listed = await client.ListPositionsAsync(credentials, target, cancellationToken).ConfigureAwait(false);
        return keep is null
            ? listed
            : listed with { Items = listed.Items.Where(p => p.MarginCoin is null ? keep(p.Symbol) : string.Equals(p.MarginCoin, target.MarginCoin, StringComparison.OrdinalIgnoreCase)).ToList() };
    }

    public Task<ClosePositionsResult> ClosePositionsAsync(ApiCredentials credentials, CancelTarget target, string symbol, string? holdSide, CancellationToken cancellationToken) =>
        client.ClosePositionsAsync(credentials, target, symbol, holdSide, cancellationToken);

    public async Task<IReadOnlyList<CancelBatch>> CancelLeftoverOrdersAsync(ApiCredentials credentials, CancelTarget target, IReadOnlyList<PendingOrder> orders, bool noPositionOpen, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orders);
        var batches = new List<CancelBatch>();
        foreach (var group in orders.GroupBy(o => o.PlanType ?? V3StrategyTypes.Unknown, StringComparer.Ordinal))
        {
            batches.Add(await CancelOneByOneAsync(credentials, target, group.Key, group.ToList(), cancellationToken).ConfigureAwait(false));
        }

        return batches;
    }

    private static string KindOf(string type) => type switch
    {
        V3StrategyTypes.Trigger => ItemKinds.EntryPlan,
        V3StrategyTypes.TpSl => ItemKinds.ProtectivePlan,
        _ => ItemKinds.UnknownPlan,
    };

    /// <summary>cancel-strategy-order takes one order per call: cancel each; one that is already gone is nothing to do.</summary>
    private async Task<CancelBatch> CancelOneByOneAsync(ApiCredentials credentials, CancelTarget target, string type, IReadOnlyList<PendingOrder> orders, CancellationToken cancellationToken)
    {
        var stats = new List<ExchangeCallStats>();
        var cancelled = new List<CancelledOrder>();
        var failed = new List<FailedOrder>();
        foreach (var order in orders)
        {
            try
            {
                var (done, callStats) = await client.CancelStrategyOrderAsync(credentials, target, order.OrderId, cancellationToken).ConfigureAwait(false);
                stats.Add(callStats);
                if (done)
                {
                    cancelled.Add(new CancelledOrder(order.OrderId, order.ClientOid));
                }
            }
            catch (ExchangeException e) when (!e.StopsTarget)
            {
                stats.Add(e.Stats ?? ExchangeCallStats.None);
                failed.Add(new FailedOrder(order.OrderId, order.ClientOid, e.Code, e.Message));
            }
        }

        return new CancelBatch(type, cancelled, failed, ExchangeCallStatsSum.Of(stats));
    }
}
