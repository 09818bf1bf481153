namespace CancelAll.TestExchange;

/// <summary>See <see cref="ExchangeQuirks.EmptyList"/>.</summary>
public enum EmptyListShape
{
    Array,
    Null,
}
