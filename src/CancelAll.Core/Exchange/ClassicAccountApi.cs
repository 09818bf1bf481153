using CancelAll.Core.Commands;
using CancelAll.Core.Credentials;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Exchange;

/// <summary>A classic account's steps on Bitget's V2 mix API, over <see cref="BitgetClient"/>.</summary>
internal sealed class ClassicAccountApi(BitgetClient client, ExchangeClock clock, IOptions<ExchangeOptions> options) : IAccountApi
{
    public AccountMode Mode => AccountMode.Classic;

    public IReadOnlyList<string> EntryTypes => BitgetPlanTypes.Entries;

    public string DescribeCancelOrders(ApiCredentials credentials, CancelTarget target) =>
        client.PrepareCancelAll(credentials, target).Describe(credentials, clock.NowMs(), options.Value.Locale);

    public Task<CancelAllResult> CancelOrdersAsync(ApiCredentials credentials, CancelTarget target, CancellationToken cancellationToken) =>
        client.CancelAllOrdersAsync(credentials, target, cancellationToken);

    public async Task<CancelBatch> CancelEntryOrdersAsync(ApiCredentials credentials, CancelTarget target, string entryType, CancellationToken cancellationToken)
    {
        var result = await client.CancelPlanOrdersAsync(credentials, target, entryType, null, cancellationToken).ConfigureAwait(false);
        return new CancelBatch(entryType, result.Cancelled, result.Failed, result.Stats);
    }

    public Task<ListResult<PendingOrder>> ListOrdersAsync(ApiCredentials credentials, CancelTarget target, CancellationToken cancellationToken) =>
        client.ListPendingOrdersAsync(credentials, target, cancellationToken);

    public async Task<ListResult<PendingOrder>> ListConditionalOrdersAsync(ApiCredentials credentials, CancelTarget target, CancelScope scope, CancellationToken cancellationToken)
    {
        // V2 lists plan orders by type: each entry type, then every TP/SL type at once (profit_loss).
        var queries = BitgetPlanTypes.Entries.Select(t => (Query: t, Kind: ItemKinds.EntryPlan)).ToList();
        if (scope == CancelScope.Flatten)
        {
            queries.Add((BitgetPlanTypes.ProfitLossQuery, ItemKinds.ProtectivePlan));
        }

        // The queries go at once; their items are read back in the queries' order.
        var sent = queries.Select(q => client.ListPlanOrdersAsync(credentials, target, q.Query, cancellationToken)).ToList();
        await AtOnce.SettleAsync(sent).ConfigureAwait(false);
        var items = new List<PendingOrder>();
        var stats = new List<ExchangeCallStats>();
        for (var i = 0; i < queries.Count; i++)
        {
            var (query, kind) = queries[i];
            var listed = await sent[i].ConfigureAwait(false);
            stats.Add(listed.Stats);
            items.AddRange(listed.Items.Select(p => p with { PlanType = p.PlanType ?? query, Kind = kind }));
        }

        return new ListResult<PendingOrder>(items, ExchangeCallStatsSum.Of(stats));
    }

    public async Task<ListResult<PendingOrder>> ListLeftoverOrdersAsync(ApiCredentials credentials, CancelTarget target, CancellationToken cancellationToken)
    {
        // profit_loss lists every TP/SL type at once; V2 has no type we could miss.
        var listed = await client.ListPlanOrdersAsync(credentials, target, BitgetPlanTypes.ProfitLossQuery, cancellationToken).ConfigureAwait(false);
        return listed with { Items = listed.Items.Select(p => p with { PlanType = p.PlanType ?? BitgetPlanTypes.ProfitLossQuery, Kind = ItemKinds.ProtectivePlan }).ToList() };
    }

    public Task<ListResult<PositionInfo>> ListPositionsAsync(ApiCredentials credentials, CancelTarget target, CancellationToken cancellationToken) =>
        client.ListPositionsAsync(credentials, target, cancellationToken);

    public string ClosePositionsPath => BitgetEndpoints.V2ClosePositions;

    public Task<ClosePositionsResult> ClosePositionsAsync(ApiCredentials credentials, CancelTarget target, string symbol, string? holdSide, CancellationToken cancellationToken) =>
        client.ClosePositionsAsync(credentials, target, symbol, holdSide, cancellationToken);

    public async Task<IReadOnlyList<CancelBatch>> CancelLeftoverOrdersAsync(ApiCredentials credentials, CancelTarget target, IReadOnlyList<PendingOrder> orders, bool noPositionOpen, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orders);

        // cancel-plan-order works by type: with no position left, one call per type covers the target; otherwise go symbol by symbol.
        var calls = orders
            .Select(p => (PlanType: p.PlanType ?? BitgetPlanTypes.ProfitLossQuery, Symbol: noPositionOpen ? null : p.Symbol))
            .Distinct()
            .ToList();
        // The calls are independent: all at once, read back in order. A failure that stops the target comes back as
        // its batch's error, after the calls beside it: the step records what they did, then stops.
        var sent = await AtOnce.SendAsync(calls, BitgetEndpoints.V2CancelPlanOrder, c => client.CancelPlanOrdersAsync(credentials, target, c.PlanType, c.Symbol, cancellationToken)).ConfigureAwait(false);
        var batches = new List<CancelBatch>(calls.Count);
        for (var i = 0; i < calls.Count; i++)
        {
            var planType = calls[i].PlanType;
            try
            {
                var result = await sent[i].ConfigureAwait(false);
                batches.Add(new CancelBatch(planType, result.Cancelled, result.Failed, result.Stats));
            }
            catch (ExchangeException e)
            {
                // A stopping error's calls are counted where the step records it; any other is this batch's own.
                batches.Add(new CancelBatch(planType, [], [], e.StopsTarget ? ExchangeCallStats.None : e.Stats ?? ExchangeCallStats.None, e));
            }
        }

        return batches;
    }
}
