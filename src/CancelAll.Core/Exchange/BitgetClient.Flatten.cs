using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CancelAll.Core.Commands;
using CancelAll.Core.Credentials;

namespace CancelAll.Core.Exchange;

/// <summary>Plan orders, positions and the signed reads that flatten, verify and the read-only preview use.</summary>
public sealed partial class BitgetClient
{
    public const string PendingOrdersPath = BitgetEndpoints.V2PendingOrders;
    public const string PendingPlanOrdersPath = BitgetEndpoints.V2PendingPlanOrders;
    public const string AllPositionsPath = BitgetEndpoints.V2AllPositions;
    public const string CancelPlanOrderPath = BitgetEndpoints.V2CancelPlanOrder;
    public const string ClosePositionsPath = BitgetEndpoints.V2ClosePositions;

    private const int PageLimit = 100;
    private const int MaxPages = 50;

    /// <summary>A signed GET: the query is sorted once, and that exact string is both signed and sent.</summary>
    public static BitgetRequest PrepareGet(CancelTarget target, string path, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(target);
        return new BitgetRequest(HttpMethod.Get, path, BitgetSigner.SortedQuery(parameters), null, target.Environment == TradingEnvironment.Demo);
    }

    /// <summary>Lists the target's pending normal orders (every page).</summary>
    public Task<ListResult<PendingOrder>> ListPendingOrdersAsync(ApiCredentials credentials, CancelTarget target, CancellationToken cancellationToken) =>
        ListPagedAsync(credentials, target, PendingOrdersPath, null, cancellationToken);

    /// <summary>
    /// Lists the target's pending plan orders of one orders-plan-pending type: normal_plan, track_plan or profit_loss.
    /// A type Bitget rejects is a <see cref="ExchangeErrorKind.BadRequest"/> that names the type.
    /// </summary>
    public async Task<ListResult<PendingOrder>> ListPlanOrdersAsync(ApiCredentials credentials, CancelTarget target, string planType, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(planType);
        try
        {
            return await ListPagedAsync(credentials, target, PendingPlanOrdersPath, planType, cancellationToken).ConfigureAwait(false);
        }
        catch (ExchangeException e) when (e.Kind == ExchangeErrorKind.BadRequest)
        {
            throw PlanTypeRejected(e, "orders-plan-pending", planType, target, "these plan orders could not be listed");
        }
    }

    /// <summary>Lists the target's open positions (size above zero). Positions in hedge mode come one per side.</summary>
    public async Task<ListResult<PositionInfo>> ListPositionsAsync(ApiCredentials credentials, CancelTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var parameters = new List<KeyValuePair<string, string>> { new("productType", target.WireProductType) };
        if (target.MarginCoin is not null)
        {
            parameters.Add(new("marginCoin", target.MarginCoin));
        }

        var (envelope, stats) = await SendAsync(credentials, () => PrepareGet(target, AllPositionsPath, parameters), BitgetJsonContext.Default.BitgetEnvelopeIReadOnlyListWirePosition, cancellationToken).ConfigureAwait(false);
        var positions = (envelope.Data ?? [])
            .Where(p => !IsZero(p.Total))
            .Where(p => target.MarginCoin is null || p.MarginCoin is null || string.Equals(p.MarginCoin, target.MarginCoin, StringComparison.OrdinalIgnoreCase))
            .Select(p => new PositionInfo(
                p.Symbol ?? throw Malformed("a position has no symbol"),
                p.MarginCoin,
                p.HoldSide ?? string.Empty,
                p.Total,
                string.Equals(p.PosMode, "hedge_mode", StringComparison.OrdinalIgnoreCase)))
            .ToList();
        return new ListResult<PositionInfo>(positions, stats);
    }

    /// <summary>
    /// Cancels the target's plan orders of one cancel-plan-order type, optionally for one symbol. A type Bitget rejects
    /// is a <see cref="ExchangeErrorKind.BadRequest"/> that names the type and says the orders were not cancelled.
    /// </summary>
    public async Task<PlanCancelResult> CancelPlanOrdersAsync(ApiCredentials credentials, CancelTarget target, string planType, string? symbol, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrEmpty(planType);
        var json = JsonSerializer.Serialize(new CancelPlanOrderBody(target.WireProductType, target.MarginCoin, symbol, planType), BitgetJsonContext.Default.CancelPlanOrderBody);
        var request = new BitgetRequest(HttpMethod.Post, CancelPlanOrderPath, null, json, target.Environment == TradingEnvironment.Demo);
        BitgetEnvelope<CancelAllData> envelope;
        ExchangeCallStats stats;
        try
        {
            (envelope, stats) = await SendAsync(credentials, () => request, BitgetJsonContext.Default.BitgetEnvelopeCancelAllData, cancellationToken).ConfigureAwait(false);
        }
        catch (ExchangeException e) when (e.Kind == ExchangeErrorKind.BadRequest)
        {
            throw PlanTypeRejected(e, "cancel-plan-order", planType, target, "plan orders of this type were NOT cancelled: cancel them in Bitget's app");
        }

        if (envelope.Code == ExchangeErrors.NothingToCancel || envelope.Data is null)
        {
            return new PlanCancelResult(planType, [], [], stats);
        }

        var cancelled = envelope.Data.SuccessList;
        var failed = envelope.Data.FailureList;
        return new PlanCancelResult(planType, cancelled, failed, stats);
    }

    /// <summary>
    /// Closes positions at market with close-positions (1 request/s per key). <paramref name="holdSide"/> is for hedge
    /// mode (long or short); Bitget ignores it in one-way mode, so pass null there.
    /// </summary>
    public async Task<ClosePositionsResult> ClosePositionsAsync(ApiCredentials credentials, CancelTarget target, string? symbol, string? holdSide, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var json = JsonSerializer.Serialize(new ClosePositionsBody(target.WireProductType, symbol, holdSide), BitgetJsonContext.Default.ClosePositionsBody);
        var request = new BitgetRequest(HttpMethod.Post, ClosePositionsPath, null, json, target.Environment == TradingEnvironment.Demo);
        var (envelope, stats) = await SendAsync(credentials, () => request, BitgetJsonContext.Default.BitgetEnvelopeClosePositionsData, cancellationToken).ConfigureAwait(false);
        var data = envelope.Data;
        var orders = (data?.SuccessList ?? []).Select(o => o.OrderId ?? string.Empty).ToList();
        var failed = (data?.FailureList ?? []).Select(o => new FailedClose(o.Symbol ?? symbol, o.ErrorCode, o.ErrorMsg)).ToList();
        return new ClosePositionsResult(symbol, holdSide, orders, failed, stats);
    }

    private async Task<ListResult<PendingOrder>> ListPagedAsync(ApiCredentials credentials, CancelTarget target, string path, string? planType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var started = Stopwatch.GetTimestamp();
        var items = new List<PendingOrder>();
        var attempts = 0;
        var calls = 0;
        var waited = TimeSpan.Zero;
        string? cursor = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var parameters = new List<KeyValuePair<string, string>>
            {
                new("productType", target.WireProductType),
                new("limit", PageLimit.ToString(CultureInfo.InvariantCulture)),
            };
            if (planType is not null)
            {
                parameters.Add(new("planType", planType));
            }

            if (cursor is not null)
            {
                parameters.Add(new("idLessThan", cursor));
            }

            var (envelope, stats) = await SendAsync(credentials, () => PrepareGet(target, path, parameters), BitgetJsonContext.Default.BitgetEnvelopePendingOrdersData, cancellationToken).ConfigureAwait(false);
            attempts += stats.Attempts;
            waited += stats.RateLimitWait;
            calls += stats.Calls;
            var list = envelope.Data?.EntrustedList ?? [];
            // The endpoints filter by product type only: keep the target's margin coin (and anything that names none, to be safe).
            items.AddRange(list
                .Where(o => target.MarginCoin is null || o.MarginCoin is null || string.Equals(o.MarginCoin, target.MarginCoin, StringComparison.OrdinalIgnoreCase))
                .Select(o => new PendingOrder(o.OrderId ?? string.Empty, o.ClientOid, o.Symbol, o.MarginCoin, o.PlanType ?? planType, o.Side, o.Size)));
            var next = envelope.Data?.EndId;
            if (list.Count < PageLimit || string.IsNullOrEmpty(next) || next == cursor)
            {
                return new ListResult<PendingOrder>(items, new ExchangeCallStats(attempts, waited, Stopwatch.GetElapsedTime(started), calls));
            }

            cursor = next;
        }

        throw Malformed($"more than {MaxPages * PageLimit} pending orders on {path}; the listing was stopped");
    }

    private static bool IsZero(string? amount) =>
        decimal.TryParse(amount, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && value == 0;

    private static ExchangeException PlanTypeRejected(ExchangeException e, string endpoint, string planType, CancelTarget target, string consequence) =>
        new(e.Kind, e.Code, $"Bitget rejected {endpoint} with planType '{planType}' for {target}: {consequence}. {e.Message}", e);
}
