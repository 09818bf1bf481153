namespace CancelAll.TestExchange;

public sealed class TestExchangeOptions
{
    /// <summary>Port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Requests per second per API key before HTTP 429; 0 switches the limit off (benchmarks only).</summary>
    public int RequestsPerSecondPerKey { get; set; } = 10;

    /// <summary>How far a request timestamp may be from the exchange clock, as on Bitget.</summary>
    public TimeSpan TimestampTolerance { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Keep a record of every request (tests); benchmarks may switch it off.</summary>
    public bool RecordRequests { get; set; } = true;

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The variants of what is unknown about Bitget's V3 answers; see <see cref="ExchangeQuirks"/>.</summary>
    public ExchangeQuirks Quirks { get; set; } = new();
}
