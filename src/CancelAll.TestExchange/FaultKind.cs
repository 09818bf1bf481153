namespace CancelAll.TestExchange;

/// <summary>What an <see cref="InjectedFault"/> does to the request it takes.</summary>
internal enum FaultKind
{
    /// <summary>An HTTP status, with Bitget's envelope when a code is given, else a bare gateway page.</summary>
    Status,

    /// <summary>200 with an HTML page.</summary>
    Html,

    /// <summary>200 with no body.</summary>
    Empty,

    /// <summary>Handled normally after <see cref="InjectedFault.Duration"/>.</summary>
    Hang,

    /// <summary>200, one byte of the body every <see cref="InjectedFault.Duration"/>.</summary>
    Trickle,

    /// <summary>The connection is reset; no answer.</summary>
    Reset,
}
