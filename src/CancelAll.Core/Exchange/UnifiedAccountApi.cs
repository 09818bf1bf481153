using CancelAll.Core.Commands;
using CancelAll.Core.Credentials;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Exchange;

/// <summary>
/// A Unified Trading Account's steps on Bitget's V3 API. Orders: cancel-symbol-order per category (per symbol for a
/// COIN-FUTURES margin coin, see <see cref="UnifiedTargets"/>). Entries: the trigger strategy orders, listed and
/// cancelled one call per order, all at once. Leftovers after flatten: the TP/SL and any strategy order of an unknown
/// type, the same way.
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

        // Only the margin coin's symbols: find those with open orders, then cancel every symbol at once.
        var listed = await client.ListUnfilledOrdersAsync(credentials, target, cancellationToken).ConfigureAwait(false);
        var symbols = listed.Items.Select(o => o.Symbol).Where(keep).Distinct(StringComparer.Ordinal).ToList();
        var sent = await AtOnce.SendAsync(symbols, BitgetEndpoints.V3CancelSymbolOrder, symbol => client.CancelSymbolOrderAsync(credentials, target, symbol, cancellationToken)).ConfigureAwait(false);
        var stats = new List<ExchangeCallStats> { listed.Stats };
        var cancelled = new List<CancelledOrder>();
        var failed = new List<FailedOrder>();
        foreach (var call in sent)
        {
            var result = await call.ConfigureAwait(false);
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
        var batch = await CancelEachAsync(credentials, target, entryType, toCancel, cancellationToken).ConfigureAwait(false);
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

    public string ClosePositionsPath => BitgetEndpoints.V3ClosePositions;

    public Task<ClosePositionsResult> ClosePositionsAsync(ApiCredentials credentials, CancelTarget target, string symbol, string? holdSide, CancellationToken cancellationToken) =>
        client.ClosePositionsAsync(credentials, target, symbol, holdSide, cancellationToken);

    public async Task<IReadOnlyList<CancelBatch>> CancelLeftoverOrdersAsync(ApiCredentials credentials, CancelTarget target, IReadOnlyList<PendingOrder> orders, bool noPositionOpen, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orders);

        // Every type's cancels go at once; the batches come back in the order the types were first listed.
        var batches = orders
            .GroupBy(o => o.PlanType ?? V3StrategyTypes.Unknown, StringComparer.Ordinal)
            .Select(group => CancelEachAsync(credentials, target, group.Key, group.ToList(), cancellationToken))
            .ToList();
        return await Task.WhenAll(batches).ConfigureAwait(false);
    }

    private static string KindOf(string type) => type switch
    {
        V3StrategyTypes.Trigger => ItemKinds.EntryPlan,
        V3StrategyTypes.TpSl => ItemKinds.ProtectivePlan,
        _ => ItemKinds.UnknownPlan,
    };

    /// <summary>
    /// cancel-strategy-order takes one order per call: every cancel is sent at once and read back in the list's order; one
    /// that is already gone is nothing to do. A failure that stops the target comes back as the batch's error, after the
    /// cancels beside it: the step records what they did, then stops.
    /// </summary>
    private async Task<CancelBatch> CancelEachAsync(ApiCredentials credentials, CancelTarget target, string type, List<PendingOrder> orders, CancellationToken cancellationToken)
    {
        var sent = await AtOnce.SendAsync(orders, BitgetEndpoints.V3CancelStrategyOrder, o => client.CancelStrategyOrderAsync(credentials, target, o.OrderId, cancellationToken)).ConfigureAwait(false);
        var stats = new List<ExchangeCallStats>();
        var cancelled = new List<CancelledOrder>();
        var failed = new List<FailedOrder>();
        ExchangeException? stopped = null;
        for (var i = 0; i < orders.Count; i++)
        {
            var order = orders[i];
            try
            {
                var (done, callStats) = await sent[i].ConfigureAwait(false);
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
            catch (ExchangeException e) when (stopped is not null)
            {
                // The target stops on the first; the same failure beside it only adds its calls.
                stats.Add(e.Stats ?? ExchangeCallStats.None);
            }
            catch (ExchangeException e)
            {
                stopped = e;
            }
        }

        return new CancelBatch(type, cancelled, failed, ExchangeCallStatsSum.Of(stats), stopped);
    }
}
