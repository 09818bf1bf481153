namespace CancelAll.TestExchange;

/// <summary>See <see cref="ExchangeQuirks.ExhaustedCursor"/>.</summary>
public enum ExhaustedCursorShape
{
    Empty,
    Absent,
}
