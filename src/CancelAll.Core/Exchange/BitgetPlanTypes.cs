namespace CancelAll.Core.Exchange;

/// <summary>
/// Bitget V2 futures plan (trigger) order types, as documented for place-plan-order, place-tpsl-order,
/// orders-plan-pending and cancel-plan-order. See docs/bitget-flatten-facts.md for the sources.
/// </summary>
internal static class BitgetPlanTypes
{
    /// <summary>A trigger order: opens (or closes) a position when the trigger price is hit. An entry.</summary>
    public const string Trigger = "normal_plan";

    /// <summary>A trailing stop order placed with place-plan-order: can open a position. An entry.</summary>
    public const string TrailingEntry = "track_plan";

    /// <summary>Take profit (partial).</summary>
    public const string TakeProfit = "profit_plan";

    /// <summary>Stop loss (partial).</summary>
    public const string StopLoss = "loss_plan";

    /// <summary>Position take profit.</summary>
    public const string PositionTakeProfit = "pos_profit";

    /// <summary>Position stop loss.</summary>
    public const string PositionStopLoss = "pos_loss";

    /// <summary>Trailing TP/SL on a position (place-tpsl-order).</summary>
    public const string TrailingStop = "moving_plan";

    /// <summary>The orders-plan-pending query value that lists every TP/SL type above.</summary>
    public const string ProfitLossQuery = "profit_loss";

    /// <summary>Plan orders that can open positions: cancelled by the entries and flatten scopes.</summary>
    public static IReadOnlyList<string> Entries { get; } = [Trigger, TrailingEntry];

    /// <summary>Plan orders that protect an open position: cancelled by flatten only, after the positions are closed.</summary>
    public static IReadOnlyList<string> Protective { get; } = [TakeProfit, StopLoss, PositionTakeProfit, PositionStopLoss, TrailingStop];
}
