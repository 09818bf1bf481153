namespace CancelAll.TestExchange;

/// <summary>The V3 (Unified Trading Account) state of one account: strategy orders and the countdown dead-man switch.</summary>
public sealed partial class AccountBook
{
    internal readonly OrderBook<StrategyOrder> Strategies = new(s => s.OrderId);
    private ITimer? countdownTimer;
    private long countdownGeneration;

    /// <summary>Whether Bitget granted this account countdown-cancel-all (it must be requested); without it the call is refused.</summary>
    public bool CountdownAccess { get; set; }

    /// <summary>The armed countdown window, or null when the dead-man switch is off.</summary>
    public TimeSpan? CountdownWindow { get; private set; }

    /// <summary>How often the countdown lapsed and cancelled the account's orders.</summary>
    public int CountdownLapses { get; private set; }

    public IReadOnlyList<StrategyOrder> OpenStrategyOrders
    {
        get
        {
            lock (Sync)
            {
                return [.. Strategies];
            }
        }
    }

    /// <summary>Called under <see cref="Sync"/>: (re)starts the countdown; <paramref name="onLapse"/> runs under the lock when it lapses.</summary>
    internal void ArmCountdown(TimeSpan window, TimeProvider time, Action onLapse)
    {
        var generation = ++countdownGeneration;
        countdownTimer?.Dispose();
        CountdownWindow = window;
        countdownTimer = time.CreateTimer(
            _ =>
            {
                lock (Sync)
                {
                    // A refresh or a switch-off that raced the timer wins.
                    if (generation != countdownGeneration)
                    {
                        return;
                    }

                    onLapse();
                    CountdownLapses++;
                    DisarmCountdown();
                }
            },
            null,
            window,
            Timeout.InfiniteTimeSpan);
    }

    /// <summary>Called under <see cref="Sync"/>: switches the countdown off.</summary>
    internal void DisarmCountdown()
    {
        countdownGeneration++;
        countdownTimer?.Dispose();
        countdownTimer = null;
        CountdownWindow = null;
    }
}
