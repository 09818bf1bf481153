namespace CancelAll.TestExchange;

/// <summary>See <see cref="ExchangeQuirks.NothingToCancel"/>.</summary>
public enum NothingToCancelAnswer
{
    EmptyList,
    Code22001,
}
