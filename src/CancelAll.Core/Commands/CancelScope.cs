namespace CancelAll.Core.Commands;

/// <summary>How far a command goes. Each step includes the ones before it.</summary>
public enum CancelScope
{
    /// <summary>Cancel all normal open orders (cancel-all-orders).</summary>
    Orders,

    /// <summary>Also cancel the plan orders that can open positions (trigger and trailing entries); leave TP/SL alone.</summary>
    Entries,

    /// <summary>Cancel orders and entry plans, close every position at market, cancel leftover TP/SL, then verify.</summary>
    Flatten,
}
