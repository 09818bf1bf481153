using System.Text.Json.Serialization;

namespace CancelAll.Core.Exchange;

/// <summary>Which Bitget API family an account (UID) speaks. The mode belongs to the account, not to the key.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AccountMode>))]
public enum AccountMode
{
    /// <summary>A classic account: the V2 mix API.</summary>
    Classic,

    /// <summary>A Unified Trading Account: the V3 API.</summary>
    Unified,
}
