namespace CancelAll.TestExchange;

/// <summary>
/// Which API family an account speaks. The mode belongs to the account (UID), not to the key: a classic account's
/// keys get 40084 from V3, a Unified Trading Account's keys get 40085 from the V2 private endpoints.
/// </summary>
public enum AccountMode
{
    /// <summary>A classic account: the V2 mix API.</summary>
    Classic,

    /// <summary>A Unified Trading Account (UTA): the V3 API. What Bitget gives every new account.</summary>
    Unified,
}
