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

/// <summary>An exchange failure, classified. Its message names the cause and the fix, and never carries a secret.</summary>
public sealed class ExchangeException : Exception
{
    public ExchangeException(ExchangeErrorKind kind, string? code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        Code = code;
    }

    public ExchangeException()
        : this(ExchangeErrorKind.Unknown, null, "Unknown exchange error.")
    {
    }

    public ExchangeException(string message)
        : this(ExchangeErrorKind.Unknown, null, message)
    {
    }

    public ExchangeException(string message, Exception innerException)
        : this(ExchangeErrorKind.Unknown, null, message, innerException)
    {
    }

    public ExchangeErrorKind Kind { get; }

    /// <summary>Bitget's code ("40009"), "HTTP 503" for a status without a code, or null.</summary>
    public string? Code { get; }

    /// <summary>How the failed call went on the wire (attempts made before it failed), when the client knows it.</summary>
    public ExchangeCallStats? Stats { get; internal set; }

    /// <summary>
    /// Errors that every further call for this key would repeat (key, permission, signature, environment, account mode):
    /// the target stops rather than hammer the exchange.
    /// </summary>
    public bool StopsTarget => Kind is ExchangeErrorKind.Credentials or ExchangeErrorKind.Permission or ExchangeErrorKind.Signature or ExchangeErrorKind.EnvironmentMismatch or ExchangeErrorKind.AccountModeMismatch;

    /// <summary>
    /// True for failures that may pass on their own (worth a redelivery later), and for answers that could not be
    /// read: those say nothing definite about the orders, so the request must not be acknowledged as done.
    /// </summary>
    public bool IsTransient => Kind is ExchangeErrorKind.ExchangeUnavailable or ExchangeErrorKind.RateLimited or ExchangeErrorKind.Timestamp or ExchangeErrorKind.MalformedResponse;
}

internal static class ExchangeErrors
{
    public const string Ok = "00000";
    public const string NothingToCancel = "22001";

    /// <summary>A classic account's key on the V3 API.</summary>
    public const string ClassicAccountOnV3 = "40084";

    /// <summary>A unified account's key on the V2 API.</summary>
    public const string UnifiedAccountOnV2 = "40085";

    /// <summary>V3: "No position to close".</summary>
    public const string NoPositionToClose = "22002";

    /// <summary>V3 close-positions with nothing to close.</summary>
    public const string NothingToClose = "25227";

    /// <summary>V3: the order does not exist (already filled, cancelled or triggered).</summary>
    public const string OrderNotFound = "25204";

    public static ExchangeErrorKind Classify(string? code) => code switch
    {
        "40006" or "40012" or "40037" => ExchangeErrorKind.Credentials,
        "40014" or "40018" => ExchangeErrorKind.Permission,
        "40009" => ExchangeErrorKind.Signature,
        "40004" or "40005" or "40008" => ExchangeErrorKind.Timestamp,
        "429" => ExchangeErrorKind.RateLimited,
        "40015" or "40010" => ExchangeErrorKind.ExchangeUnavailable,
        "40017" or "40808" or "40079" or "40001" or "40002" or "40003" or "40011" => ExchangeErrorKind.BadRequest,
        "400172" or "25200" or "25236" => ExchangeErrorKind.BadRequest,
        "40099" => ExchangeErrorKind.EnvironmentMismatch,
        ClassicAccountOnV3 or UnifiedAccountOnV2 => ExchangeErrorKind.AccountModeMismatch,
        _ => ExchangeErrorKind.Unknown,
    };

    /// <summary>The one message for each kind: what happened and what to do about it.</summary>
    public static string Describe(ExchangeErrorKind kind, string? code, string? exchangeMessage)
    {
        var said = string.IsNullOrWhiteSpace(exchangeMessage) ? string.Empty : $" Bitget said: \"{Clip(exchangeMessage)}\".";
        var prefix = code is null ? string.Empty : $"[{code}] ";
        return prefix + kind switch
        {
            ExchangeErrorKind.Credentials => "Bitget rejected the API key, secret or passphrase. Check that the key exists, has not been deleted or rotated, and that the stored passphrase is the one set when the key was created.",
            ExchangeErrorKind.Permission => "The API key may not do this: give it the futures trade permission (classic account) or the UTA trade read & write permission (unified account), and add this service's outbound IP addresses to the key's IP allow-list.",
            ExchangeErrorKind.Signature => "Bitget could not verify the request signature. The stored secret (or RSA private key) does not belong to this API key; re-enter it. Not retried.",
            ExchangeErrorKind.Timestamp => "Bitget rejected the request timestamp even after resynchronizing with its clock. Check the host clock and the network delay to Bitget.",
            ExchangeErrorKind.RateLimited => "Bitget kept answering 'too many requests' after bounded back-off. Another client may share this key's 10 requests/s; give the kill switch its own key.",
            ExchangeErrorKind.ExchangeUnavailable => "Bitget was unavailable (server error, timeout or connection failure) after bounded retries. Retry shortly, or cancel from Bitget's app.",
            ExchangeErrorKind.BadRequest => "Bitget rejected the request parameters: check the product type and margin coin (upper case, e.g. USDT), and that receiveWindow is under 60 s.",
            ExchangeErrorKind.EnvironmentMismatch => "The environment and the key do not match: a demo key must be used with demo trading (demo: true or S-prefixed product types), and a live key without it.",
            ExchangeErrorKind.AccountModeMismatch => "The account is in the other mode (classic or Unified Trading Account) than the API used. If CancelAll:Exchange:AccountModes sets this account's mode, set it to auto or to the account's real mode.",
            ExchangeErrorKind.MalformedResponse => "Bitget's answer could not be read. The orders may or may not have been cancelled: check the account.",
            _ => "Bitget returned an unexpected error.",
        } + said;
    }

    private static string Clip(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
