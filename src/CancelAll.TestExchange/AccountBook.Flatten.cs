namespace CancelAll.TestExchange;

/// <summary>Plan orders, positions and the runaway-bot settings of one account.</summary>
public sealed partial class AccountBook
{
    internal readonly OrderBook<PlanOrder> Plans = new(p => p.OrderId);
    internal readonly List<HeldPosition> Positions = [];

    /// <summary>Hedge mode (a long and a short per symbol) rather than one-way mode.</summary>
    public bool HedgeMode { get; set; }

    /// <summary>How many cancel-alls refill (see <see cref="RefillAfterCancel"/>); null for every one.</summary>
    public int? RefillRounds { get; set; }

    public IReadOnlyList<PlanOrder> OpenPlans
    {
        get
        {
            lock (Sync)
            {
                return [.. Plans];
            }
        }
    }

    public IReadOnlyList<HeldPosition> OpenPositions
    {
        get
        {
            lock (Sync)
            {
                return [.. Positions];
            }
        }
    }

    /// <summary>Called under <see cref="Sync"/>: whether this cancel-all refills, counting the rounds down.</summary>
    internal bool TakeRefillRound()
    {
        if (RefillRounds is null)
        {
            return true;
        }

        if (RefillRounds <= 0)
        {
            return false;
        }

        RefillRounds--;
        return true;
    }
}
