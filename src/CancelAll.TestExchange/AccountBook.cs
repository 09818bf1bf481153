namespace CancelAll.TestExchange;

/// <summary>One account's state on the test exchange. Guarded by its own lock.</summary>
public sealed partial class AccountBook(ExchangeAccount account)
{
    internal readonly Lock Sync = new();
    internal readonly List<OpenOrder> Orders = [];
    private volatile AccountMode mode = account.Mode;

    public ExchangeAccount Account { get; } = account;

    /// <summary>The account's mode now: it starts as <see cref="ExchangeAccount.Mode"/> and changes with <see cref="SwitchMode"/>.</summary>
    public AccountMode Mode => mode;

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
    public void SwitchMode(AccountMode newMode) => mode = newMode;
}
