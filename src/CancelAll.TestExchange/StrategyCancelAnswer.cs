namespace CancelAll.TestExchange;

/// <summary>See <see cref="ExchangeQuirks.StrategyCancelData"/>.</summary>
public enum StrategyCancelAnswer
{
    Null,
    Ids,
}
