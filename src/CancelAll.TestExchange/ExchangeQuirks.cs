namespace CancelAll.TestExchange;

/// <summary>
/// Facts about Bitget's V3 API that nobody has seen answered (the shared note bitget-uta-v3.md lists them as unknown).
/// Each is a switch with both variants, so that a client can be tested against either. May be changed while running.
/// </summary>
public sealed class ExchangeQuirks
{
    /// <summary>HTTP status of the 40084 / 40085 wrong-mode answers: 400 (default) or 200. Bitget's docs quote only the bodies.</summary>
    public int WrongModeHttpStatus { get; set; } = 400;
}
