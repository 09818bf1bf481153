namespace CancelAll.Core.Exchange;

/// <summary>One vocabulary for everything that can go wrong between us and Bitget.</summary>
public enum ExchangeErrorKind
{
    /// <summary>40006, 40012, 40037: the key, secret or passphrase is wrong or gone.</summary>
    Credentials,

    /// <summary>40014, 40018: the key lacks the futures trade permission, or the caller's IP is not on its allow-list.</summary>
    Permission,

    /// <summary>40009: the signature did not verify. Never retried: retrying a wrong signature cannot help.</summary>
    Signature,

    /// <summary>40004, 40005, 40008: the timestamp was rejected even after a resync with the exchange clock.</summary>
    Timestamp,

    /// <summary>HTTP 429 or code 429, still after the bounded back-off.</summary>
    RateLimited,

    /// <summary>40015, HTTP 408 and 5xx, timeouts (a trickling answer included) and connection failures, still after bounded retries.</summary>
    ExchangeUnavailable,

    /// <summary>40017, 40808, 40079, V3's 400172, 25200, 25236 and other parameter errors: the request itself is wrong.</summary>
    BadRequest,

    /// <summary>40099: a demo key used live, or a live key used in demo.</summary>
    EnvironmentMismatch,

    /// <summary>
    /// 40085 (a unified account's key on the classic V2 API) or 40084 (a classic account's key on V3): the account is in
    /// the other mode. Never retried blindly: the account's API family is re-detected once instead.
    /// </summary>
    AccountModeMismatch,

    /// <summary>The exchange answered something we cannot read (HTML, empty, truncated), still after bounded retries. Transient.</summary>
    MalformedResponse,

    /// <summary>Any other code the exchange returned.</summary>
    Unknown,
}
