using System.Collections.Concurrent;

namespace CancelAll.TestExchange;

public sealed partial class ExchangeFaults
{
    /// <summary>
    /// Positions that fail to close, keyed "SYMBOL:side" (side long or short), with how many more close attempts fail
    /// (<see cref="int.MaxValue"/>: always). They come back in close-positions' failureList and stay open.
    /// </summary>
    public ConcurrentDictionary<string, int> FailingPositions { get; } = new(StringComparer.Ordinal);

    /// <summary>Plan types that cancel-plan-order rejects with 40808, as Bitget rejects a type it does not accept.</summary>
    public ConcurrentDictionary<string, bool> RejectedCancelPlanTypes { get; } = new(StringComparer.Ordinal);

    internal bool TakePositionFailure(string symbol, string holdSide)
    {
        var key = symbol + ":" + holdSide;
        while (FailingPositions.TryGetValue(key, out var left))
        {
            if (left <= 0)
            {
                return false;
            }

            if (left == int.MaxValue || FailingPositions.TryUpdate(key, left - 1, left))
            {
                return true;
            }
        }

        return false;
    }
}
