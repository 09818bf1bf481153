namespace CancelAll.Core.Exchange;

/// <summary>V3 strategy order types, as unfilled-strategy-orders filters by them. V3 has no trailing-stop type.</summary>
public static class V3StrategyTypes
{
    /// <summary>Take profit / stop loss of a position: cancelled by flatten only, after the positions are closed.</summary>
    public const string TpSl = "tpsl";

    /// <summary>A trigger order, which can open a position: cancelled by the entries and flatten scopes.</summary>
    public const string Trigger = "trigger";

    /// <summary>What we call a listed strategy order whose type we cannot tell: reported, never skipped.</summary>
    public const string Unknown = "unknown";
}
