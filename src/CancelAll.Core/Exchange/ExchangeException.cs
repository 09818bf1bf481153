namespace CancelAll.Core.Exchange;

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
