namespace CancelAll.Core.Commands;

/// <summary>Which Bitget environment a request goes to.</summary>
public enum TradingEnvironment
{
    /// <summary>Real money.</summary>
    Live,

    /// <summary>Demo trading with a demo key: normal product types plus the header <c>paptrading: 1</c>.</summary>
    Demo,

    /// <summary>The older demo setup: S-prefixed product types (SUSDT-FUTURES, ...) and no header.</summary>
    DemoPrefixed,
}
