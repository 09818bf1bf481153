using System.Text.Json.Serialization;

namespace CancelAll.Core.Outcomes;

/// <summary>
/// Every kind of error an outcome can carry. Written as its name on the wire. What each means for an HTTP caller, the
/// queue and the CLI is in <see cref="OutcomeErrorKinds"/> (and README's error table, which a test checks against it).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<OutcomeErrorKind>))]
public enum OutcomeErrorKind
{
    /// <summary>The command is invalid: a field, the body, or a target the exchange cannot address as asked.</summary>
    BadInput,

    /// <summary>The webhook secret is missing or wrong.</summary>
    Unauthorized,

    /// <summary>The account name is not a valid name.</summary>
    InvalidAccountName,

    /// <summary>An unknown account: no keys are configured for it, or Key Vault has no API key for it.</summary>
    AccountNotConfigured,

    /// <summary>A stored key is empty or malformed.</summary>
    InvalidSecretValue,

    /// <summary>A stored account's secret or passphrase is missing (the vault has its API key).</summary>
    SecretMissing,

    /// <summary>A key's secret is disabled in the vault.</summary>
    SecretDisabled,

    /// <summary>The app may not read the vault.</summary>
    AccessDenied,

    /// <summary>The vault throttled the read (transient).</summary>
    VaultThrottled,

    /// <summary>The vault could not be reached (transient).</summary>
    VaultUnavailable,

    /// <summary>Reading the vault took too long (transient).</summary>
    Timeout,

    /// <summary>Bitget rejected the key, secret or passphrase.</summary>
    Credentials,

    /// <summary>The key lacks a permission, or the caller's IP is not allowed.</summary>
    Permission,

    /// <summary>The signature did not verify.</summary>
    Signature,

    /// <summary>The timestamp was rejected even after a clock resync (transient).</summary>
    Timestamp,

    /// <summary>Bitget kept answering "too many requests" (transient).</summary>
    RateLimited,

    /// <summary>Bitget was unavailable after bounded retries (transient).</summary>
    ExchangeUnavailable,

    /// <summary>Bitget rejected the request parameters.</summary>
    BadRequest,

    /// <summary>A demo key used live, or a live key in demo.</summary>
    EnvironmentMismatch,

    /// <summary>The account is in the other mode (classic or unified) than its setting says.</summary>
    AccountModeMismatch,

    /// <summary>Bitget's answer could not be read.</summary>
    MalformedResponse,

    /// <summary>Bitget answered a code this service does not know.</summary>
    Unknown,

    /// <summary>Bitget rejected a plan (conditional) order type: those orders were not cancelled.</summary>
    PlanTypeRejected,

    /// <summary>Some orders (or plan orders, or positions) could not be cancelled or closed.</summary>
    OrdersNotCancelled,

    /// <summary>Verify found the target not flat at its deadline.</summary>
    NotFlat,

    /// <summary>The run was asked to stop starting steps (the CLI's Ctrl-C or SIGTERM): some steps did not start.</summary>
    Interrupted,

    /// <summary>Something nobody planned for; the logs have the details.</summary>
    Unexpected,
}
