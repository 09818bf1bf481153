namespace CancelAll.TestExchange;

/// <summary>One account's state on the test exchange. Guarded by its own lock.</summary>
public sealed partial class AccountBook(ExchangeAccount account)
{
    internal readonly Lock Sync = new();
    internal readonly OrderBook<OpenOrder> Orders = new(o => o.OrderId);
    private volatile AccountMode mode = account.Mode;
    private int requestsBeforeSwitch;
    private AccountMode modeAfterRequests;

    public ExchangeAccount Account { get; } = account;

    /// <summary>The account's mode now: it starts as <see cref="ExchangeAccount.Mode"/> and changes with <see cref="SwitchMode"/>.</summary>
    public AccountMode Mode => mode;

    /// <summary>
    /// Paths this account's key may not call (the value is ignored): they answer HTTP 400 code 40014 "Incorrect
    /// permissions", as for a key without the permission, e.g. a trade-only key on /api/v3/account/settings.
    /// </summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, bool> DeniedPaths { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, every cancel-all is followed by this many new orders per cancelled product type: a runaway bot.</summary>
    public int RefillAfterCancel { get; set; }

    public IReadOnlyList<OpenOrder> OpenOrders
    {
        get
        {
            lock (Sync)
            {
                return [.. Orders];
            }
        }
    }

    /// <summary>
    /// Switches the account to classic or unified, as Bitget's account switch does, while the exchange runs: from the next
    /// request on, the other API family answers 40084 or 40085. Orders and positions stay where they are.
    /// </summary>
    public void SwitchMode(AccountMode newMode)
    {
        lock (Sync)
        {
            requestsBeforeSwitch = 0;
            mode = newMode;
        }
    }

    /// <summary>
    /// Switches the mode once <paramref name="requests"/> more requests of this account have been answered by an
    /// endpoint: a switch in the middle of a client's run, at a point the test chooses. 0 switches now.
    /// </summary>
    public void SwitchModeAfter(int requests, AccountMode newMode)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(requests);
        if (requests == 0)
        {
            SwitchMode(newMode);
            return;
        }

        lock (Sync)
        {
            requestsBeforeSwitch = requests;
            modeAfterRequests = newMode;
        }
    }

    /// <summary>Counts a request an endpoint answered, for <see cref="SwitchModeAfter"/>.</summary>
    internal void Answered()
    {
        lock (Sync)
        {
            if (requestsBeforeSwitch > 0 && --requestsBeforeSwitch == 0)
            {
                mode = modeAfterRequests;
            }
        }
    }
}
