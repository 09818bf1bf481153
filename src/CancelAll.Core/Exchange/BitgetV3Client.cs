using System.Globalization;
using System.Text.Json;
using CancelAll.Core.Commands;
using CancelAll.Core.Credentials;

namespace CancelAll.Core.Exchange;

/// <summary>
/// The signed Bitget V3 client for Unified Trading Accounts. It sends through <see cref="BitgetClient"/>'s transport,
/// so V3 requests are signed the same way and pass the same handler chain (retries, rate limiter, timeouts, signing,
/// the <c>paptrading</c> header for demo). Answers that mean "nothing to do" (22001, 22002, 25227, an empty list,
/// <c>00000</c> with an empty list) are empty successes; 40084 / 40085 are <see cref="ExchangeErrorKind.AccountModeMismatch"/>.
/// </summary>
public sealed class BitgetV3Client(BitgetClient transport)
{
    private const int PageLimit = 100;

    // At most 400 open futures orders per account (the note): 10 pages is more than enough, and bounds a cursor that never ends.
    private const int MaxPages = 10;

    /// <summary>The V3 category of a target: the product type's plain name (V3 has no S-prefixed demo categories).</summary>
    public static string Category(CancelTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.ProductType.DisplayName();
    }

    /// <summary>POST cancel-symbol-order for the category, or one symbol of it, validated, without sending it.</summary>
    public static BitgetRequest PrepareCancelSymbolOrder(CancelTarget target, string? symbol) =>
        Post(target, BitgetEndpoints.V3CancelSymbolOrder, JsonSerializer.Serialize(new V3CategoryBody(Category(target), symbol), BitgetV3JsonContext.Default.V3CategoryBody));

    /// <summary>Cancels the category's (or one symbol's) unfilled orders.</summary>
    public async Task<CancelAllResult> CancelSymbolOrderAsync(ApiCredentials credentials, CancelTarget target, string? symbol, CancellationToken cancellationToken)
    {
        var (envelope, stats) = await transport.SendAsync(credentials, () => PrepareCancelSymbolOrder(target, symbol), BitgetV3JsonContext.Default.BitgetEnvelopeV3CancelData, cancellationToken).ConfigureAwait(false);
        if (envelope.Data is not { } data)
        {
            return new CancelAllResult([], [], NothingToCancel: true, stats);
        }

        return new CancelAllResult(data.Cancelled, data.Failed, data.Cancelled.Count == 0 && data.Failed.Count == 0, stats);
    }

    /// <summary>Lists the unfilled orders of the category, following the cursor until it is exhausted (empty, absent or repeated).</summary>
    public async Task<ListResult<PendingOrder>> ListUnfilledOrdersAsync(ApiCredentials credentials, CancelTarget target, CancellationToken cancellationToken)
    {
        var items = new List<PendingOrder>();
        var stats = new List<ExchangeCallStats>();
        string? cursor = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var parameters = new List<KeyValuePair<string, string>>
            {
                new("category", Category(target)),
                new("limit", PageLimit.ToString(CultureInfo.InvariantCulture)),
            };
            if (cursor is not null)
            {
                parameters.Add(new("cursor", cursor));
            }

            var (envelope, callStats) = await transport.SendAsync(credentials, () => BitgetClient.PrepareGet(target, BitgetEndpoints.V3UnfilledOrders, parameters), BitgetV3JsonContext.Default.BitgetEnvelopeV3OrderPage, cancellationToken).ConfigureAwait(false);
            stats.Add(callStats);
            var list = envelope.Data?.List ?? [];
            items.AddRange(list.Select(o => new PendingOrder(o.OrderId ?? string.Empty, o.ClientOid, o.Symbol, null, null, o.Side, o.Qty)));
            var next = envelope.Data?.Cursor;
            if (list.Count == 0 || string.IsNullOrEmpty(next) || next == cursor)
            {
                return new ListResult<PendingOrder>(items, ExchangeCallStatsSum.Of(stats));
            }

            cursor = next;
        }

        throw new ExchangeException(ExchangeErrorKind.MalformedResponse, null, $"More than {MaxPages * PageLimit} unfilled orders on {BitgetEndpoints.V3UnfilledOrders} (Bitget allows 400); the listing was stopped. Check the account.");
    }

    /// <summary>Lists the category's pending strategy orders: of one type (tpsl, trigger), or of every type when <paramref name="type"/> is null.</summary>
    public async Task<(IReadOnlyList<V3StrategyItem> Items, ExchangeCallStats Stats)> ListStrategyOrdersAsync(ApiCredentials credentials, CancelTarget target, string? type, CancellationToken cancellationToken)
    {
        var parameters = new List<KeyValuePair<string, string>> { new("category", Category(target)) };
        if (type is not null)
        {
            parameters.Add(new("type", type));
        }

        var (envelope, stats) = await transport.SendAsync(credentials, () => BitgetClient.PrepareGet(target, BitgetEndpoints.V3UnfilledStrategyOrders, parameters), BitgetV3JsonContext.Default.BitgetEnvelopeIReadOnlyListV3StrategyOrder, cancellationToken).ConfigureAwait(false);
        var items = (envelope.Data ?? []).Select(o => new V3StrategyItem(o.OrderId ?? string.Empty, o.ClientOid, o.Symbol, o.PosSide, o.Qty, type ?? TypeOf(o))).ToList();
        return (items, stats);
    }

    /// <summary>
    /// Cancels one strategy order. Returns false when Bitget says it no longer exists (25204: filled, triggered or
    /// cancelled meanwhile), which is nothing left to do. The answer's data may be null or the ids: both read.
    /// </summary>
    public async Task<(bool Cancelled, ExchangeCallStats Stats)> CancelStrategyOrderAsync(ApiCredentials credentials, CancelTarget target, string orderId, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(new V3CancelStrategyBody(orderId), BitgetV3JsonContext.Default.V3CancelStrategyBody);
        try
        {
            var (_, stats) = await transport.SendAsync(credentials, () => Post(target, BitgetEndpoints.V3CancelStrategyOrder, body), BitgetV3JsonContext.Default.BitgetEnvelopeV3ResultItem, cancellationToken).ConfigureAwait(false);
            return (true, stats);
        }
        catch (ExchangeException e) when (e.Code == ExchangeErrors.OrderNotFound)
        {
            return (false, e.Stats ?? ExchangeCallStats.None);
        }
    }

    /// <summary>Lists the category's positions.</summary>
    public async Task<ListResult<PositionInfo>> ListPositionsAsync(ApiCredentials credentials, CancelTarget target, CancellationToken cancellationToken)
    {
        var parameters = new List<KeyValuePair<string, string>> { new("category", Category(target)) };
        var (envelope, stats) = await transport.SendAsync(credentials, () => BitgetClient.PrepareGet(target, BitgetEndpoints.V3CurrentPosition, parameters), BitgetV3JsonContext.Default.BitgetEnvelopeV3PositionList, cancellationToken).ConfigureAwait(false);
        var positions = (envelope.Data?.List ?? [])
            .Where(p => !IsZero(p.Total))
            .Select(p => new PositionInfo(
                p.Symbol ?? throw new ExchangeException(ExchangeErrorKind.MalformedResponse, null, "Bitget listed a position without a symbol. Check the account."),
                p.MarginCoin,
                p.PosSide ?? string.Empty,
                p.Total,
                string.Equals(p.HoldMode, "hedge_mode", StringComparison.OrdinalIgnoreCase)))
            .ToList();
        return new ListResult<PositionInfo>(positions, stats);
    }

    /// <summary>Closes at market a symbol's position (one side when <paramref name="posSide"/> is given). Nothing to close (25227, 22002) is an empty success.</summary>
    public async Task<ClosePositionsResult> ClosePositionsAsync(ApiCredentials credentials, CancelTarget target, string symbol, string? posSide, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(new V3ClosePositionsBody(Category(target), symbol, posSide), BitgetV3JsonContext.Default.V3ClosePositionsBody);
        try
        {
            var (envelope, stats) = await transport.SendAsync(credentials, () => Post(target, BitgetEndpoints.V3ClosePositions, body), BitgetV3JsonContext.Default.BitgetEnvelopeV3ResultList, cancellationToken).ConfigureAwait(false);
            var items = envelope.Data?.List ?? [];
            var orders = items.Where(i => !Failed(i)).Select(i => i.OrderId ?? string.Empty).ToList();
            var failed = items.Where(Failed).Select(i => new FailedClose(symbol, i.Code, i.Msg)).ToList();
            return new ClosePositionsResult(symbol, posSide, orders, failed, stats);
        }
        catch (ExchangeException e) when (e.Code is ExchangeErrors.NothingToClose or ExchangeErrors.NoPositionToClose)
        {
            return new ClosePositionsResult(symbol, posSide, [], [], e.Stats ?? ExchangeCallStats.None);
        }
    }

    /// <summary>GET account/settings: succeeds only for a unified account; a classic one answers 40084.</summary>
    public async Task<string?> GetAccountModeAsync(ApiCredentials credentials, bool demo, CancellationToken cancellationToken)
    {
        var request = new BitgetRequest(HttpMethod.Get, BitgetEndpoints.V3AccountSettings, null, null, demo);
        var (envelope, _) = await transport.SendAsync(credentials, () => request, BitgetV3JsonContext.Default.BitgetEnvelopeV3AccountSettings, cancellationToken).ConfigureAwait(false);
        return envelope.Data?.AccountMode;
    }

    /// <summary>
    /// The type of a listed strategy order. REST items carry no type (the note), so it is read from the fields: TP/SL
    /// orders fill takeProfit / stopLoss, trigger orders triggerPrice. Anything else is a type we do not know.
    /// </summary>
    internal static string TypeOf(V3StrategyOrder order) =>
        order.Type is { Length: > 0 } type ? type
        : !string.IsNullOrEmpty(order.TakeProfit) || !string.IsNullOrEmpty(order.StopLoss) ? V3StrategyTypes.TpSl
        : !string.IsNullOrEmpty(order.TriggerPrice) ? V3StrategyTypes.Trigger
        : V3StrategyTypes.Unknown;

    private static BitgetRequest Post(CancelTarget target, string path, string body) =>
        new(HttpMethod.Post, path, null, body, target.Environment == TradingEnvironment.Demo);

    private static bool Failed(V3ResultItem item) => !string.IsNullOrEmpty(item.Code) && item.Code != ExchangeErrors.Ok;

    private static bool IsZero(string? amount) =>
        decimal.TryParse(amount, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && value == 0;
}
