namespace CancelAll.TestExchange;

/// <summary>One account's state on the test exchange. Guarded by its own lock.</summary>
public sealed partial class AccountBook(ExchangeAccount account)
{
    internal readonly Lock Sync = new();
    internal readonly List<OpenOrder> Orders = [];

    public ExchangeAccount Account { get; } = account;

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
}
