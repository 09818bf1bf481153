namespace CancelAll.TestExchange;

/// <summary>
/// Facts about Bitget's V3 API that nobody has seen answered (the shared note bitget-uta-v3.md lists them as unknown).
/// Each is a switch with both variants, so that a client can be tested against either. May be changed while running.
/// </summary>
public sealed class ExchangeQuirks
{
    /// <summary>HTTP status of the 40084 / 40085 wrong-mode answers: 400 (default) or 200. Bitget's docs quote only the bodies.</summary>
    public int WrongModeHttpStatus { get; set; } = 400;

    /// <summary>What cancel-symbol-order answers when nothing is open: <c>00000</c> with an empty list (default), or HTTP 400 code 22001.</summary>
    public NothingToCancelAnswer NothingToCancel { get; set; } = NothingToCancelAnswer.EmptyList;

    /// <summary>The data of a successful cancel-strategy-order: null (default, most sources) or <c>{orderId, clientOid}</c> (one newer doc page).</summary>
    public StrategyCancelAnswer StrategyCancelData { get; set; } = StrategyCancelAnswer.Null;

    /// <summary>How an empty V3 list is written: <c>[]</c> (default) or <c>null</c>.</summary>
    public EmptyListShape EmptyList { get; set; } = EmptyListShape.Array;

    /// <summary>unfilled-orders' <c>cursor</c> once the last page is reached: "" (default) or left out.</summary>
    public ExhaustedCursorShape ExhaustedCursor { get; set; } = ExhaustedCursorShape.Empty;

    /// <summary>Whether cancel-symbol-order also cancels the category's (or symbol's) strategy orders. Default: no.</summary>
    public bool CancelSymbolOrderCancelsStrategyOrders { get; set; }

    /// <summary>Whether a lapsed countdown also cancels strategy orders. Default: no.</summary>
    public bool CountdownCancelsStrategyOrders { get; set; }

    /// <summary>Whether V3 close-positions ignores <c>posSide</c> in one-way mode (as V2 documents) instead of filtering by it (default).</summary>
    public bool OneWayCloseIgnoresPosSide { get; set; }
}
