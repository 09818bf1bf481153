namespace CancelAll.Core.Outcomes;

/// <summary>
/// The one table of error kinds: for each, the webhook's HTTP status, queue action, CLI exit code and hint. README's
/// error table is checked against it. HTTP: 400/401 for a command the caller must fix (a bad field, an unknown account), 503 (with Retry-After) for a
/// failure a retry can fix, 422 for one it cannot: Alertmanager and Grafana retry 5xx and record 4xx as failed.
/// </summary>
public static class OutcomeErrorKinds
{
    /// <summary>CLI exit code: bad input (README's exit code table).</summary>
    public const int ExitBadInput = 2;

    /// <summary>CLI exit code: credentials or permission.</summary>
    public const int ExitCredentials = 3;

    /// <summary>CLI exit code: the exchange (or vault) failed after bounded retries.</summary>
    public const int ExitExchange = 4;

    /// <summary>CLI exit code: partial failure, or not flat.</summary>
    public const int ExitPartial = 5;

    /// <summary>CLI exit code: unexpected.</summary>
    public const int ExitUnexpected = 1;

    public static OutcomeErrorHandling Handling(OutcomeErrorKind kind) => kind switch
    {
        OutcomeErrorKind.BadInput => new(400, QueueAction.Complete, ExitBadInput, "Fix the command: the message names the field."),
        OutcomeErrorKind.Unauthorized => new(401, QueueAction.Complete, ExitBadInput, "Send the webhook secret."),
        OutcomeErrorKind.InvalidAccountName => new(400, QueueAction.Complete, ExitBadInput, "Use an account name of letters, digits and dashes."),
        OutcomeErrorKind.AccountNotConfigured => new(400, QueueAction.Complete, ExitBadInput, "Store the account's keys, or name a configured account."),
        OutcomeErrorKind.InvalidSecretValue => new(422, QueueAction.Complete, ExitBadInput, "Re-store the key: it is empty or malformed (a configuration error)."),
        OutcomeErrorKind.SecretMissing => new(422, QueueAction.Complete, ExitCredentials, "Store the missing secret in the vault."),
        OutcomeErrorKind.SecretDisabled => new(422, QueueAction.Complete, ExitCredentials, "Enable the secret in the vault."),
        OutcomeErrorKind.AccessDenied => new(422, QueueAction.Complete, ExitCredentials, "Give the app's identity Key Vault Secrets User on the vault."),
        OutcomeErrorKind.VaultThrottled => new(503, QueueAction.Redeliver, ExitExchange, "Retry shortly: the vault throttled the read."),
        OutcomeErrorKind.VaultUnavailable => new(503, QueueAction.Redeliver, ExitExchange, "Retry shortly: the vault could not be reached."),
        OutcomeErrorKind.Timeout => new(503, QueueAction.Redeliver, ExitExchange, "Retry shortly: the vault read timed out."),
        OutcomeErrorKind.Credentials => new(422, QueueAction.Complete, ExitCredentials, "Check the key, secret and passphrase; re-store them if rotated."),
        OutcomeErrorKind.Permission => new(422, QueueAction.Complete, ExitCredentials, "Give the key trade permission (futures, or UTA trade) and allow this service's IPs."),
        OutcomeErrorKind.Signature => new(422, QueueAction.Complete, ExitCredentials, "Re-enter the secret (or RSA key) that belongs to this API key."),
        OutcomeErrorKind.Timestamp => new(503, QueueAction.Redeliver, ExitExchange, "Check the host clock and the network delay to Bitget."),
        OutcomeErrorKind.RateLimited => new(503, QueueAction.Redeliver, ExitExchange, "Give the kill switch its own key; retry shortly."),
        OutcomeErrorKind.ExchangeUnavailable => new(503, QueueAction.Redeliver, ExitExchange, "Retry shortly, or cancel in Bitget's app."),
        OutcomeErrorKind.BadRequest => new(422, QueueAction.Complete, ExitBadInput, "Check the product type and margin coin."),
        OutcomeErrorKind.EnvironmentMismatch => new(422, QueueAction.Complete, ExitCredentials, "Use a demo key with demo trading, a live key without."),
        OutcomeErrorKind.AccountModeMismatch => new(422, QueueAction.Complete, ExitCredentials, "Set CancelAll:Exchange:AccountModes for the account to auto or its real mode."),
        OutcomeErrorKind.MalformedResponse => new(503, QueueAction.Redeliver, ExitExchange, "Retry shortly, and check the account on Bitget: the orders may or may not be cancelled."),
        OutcomeErrorKind.Unknown => new(422, QueueAction.Complete, ExitExchange, "Read Bitget's code and message in the error; check the account."),
        OutcomeErrorKind.PlanTypeRejected => new(422, QueueAction.Complete, ExitPartial, "Cancel those plan orders in Bitget's app."),
        OutcomeErrorKind.OrdersNotCancelled => new(422, QueueAction.Complete, ExitPartial, "See the failed list; check those orders on Bitget."),
        OutcomeErrorKind.NotFlat => new(422, QueueAction.Complete, ExitPartial, "See remaining; check the account on Bitget now."),
        OutcomeErrorKind.Interrupted => new(422, QueueAction.Complete, ExitPartial, "Run the command again, or with --dry-run to list what is still open."),
        OutcomeErrorKind.Unexpected => new(422, QueueAction.Complete, ExitUnexpected, "See the logs for the correlation id."),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown error kind."),
    };
}
