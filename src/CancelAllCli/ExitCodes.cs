using CancelAll.Core.Outcomes;

namespace CancelAll.Cli;

/// <summary>The CLI's exit codes, documented in README.</summary>
public static class ExitCodes
{
    /// <summary>Everything was cancelled, or there was nothing to cancel (also a successful dry run).</summary>
    public const int Success = 0;

    /// <summary>Something nobody planned for; the message says what.</summary>
    public const int Unexpected = 1;

    /// <summary>Bad input or configuration: an unknown option or product type, a bad margin coin, missing keys or settings, an unreadable key.</summary>
    public const int BadInput = 2;

    /// <summary>Credentials or permission: the key, secret or passphrase was rejected, the key lacks permission or the environment does not match.</summary>
    public const int CredentialsOrPermission = 3;

    /// <summary>The exchange failed (unavailable, rate limited, unreadable answer) after bounded retries.</summary>
    public const int ExchangeFailure = 4;

    /// <summary>Some orders or targets were cancelled and some were not.</summary>
    public const int PartialFailure = 5;

    private static readonly HashSet<string> AuthKinds = ["Credentials", "Permission", "Signature", "EnvironmentMismatch", "AccessDenied", "SecretMissing", "SecretDisabled", "AccountNotConfigured", "InvalidAccountName"];

    /// <summary>A stored key that cannot be used as configured (a corrupt RSA PEM, a bad demo flag): a configuration error.</summary>
    private static readonly HashSet<string> ConfigurationKinds = ["InvalidSecretValue"];

    /// <summary>What an exit code means, in the words of README's table (for --json error documents).</summary>
    public static string Meaning(int exitCode) => exitCode switch
    {
        Success => "everything cancelled, nothing to cancel, or a dry run",
        Unexpected => "unexpected failure",
        BadInput => "bad input or configuration",
        CredentialsOrPermission => "credentials or permission",
        ExchangeFailure => "the exchange failed after bounded retries",
        PartialFailure => "partial failure: something was not cancelled or closed",
        CliInterruption.SigIntExitCode => "interrupted by Ctrl-C (SIGINT): the outcome so far",
        CliInterruption.SigTermExitCode => "interrupted by SIGTERM: the outcome so far",
        _ => "unknown exit code",
    };

    public static int For(CancelOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var errors = outcome.Targets.Select(t => t.Error).Append(outcome.Error).OfType<OutcomeError>().ToList();
        return outcome.Status switch
        {
            OutcomeStatus.Succeeded or OutcomeStatus.NothingToCancel or OutcomeStatus.Ignored => Success,
            OutcomeStatus.Rejected => BadInput,
            OutcomeStatus.PartiallyFailed => PartialFailure,
            _ when errors.Any(e => ConfigurationKinds.Contains(e.Kind)) => BadInput,
            _ when errors.Any(e => AuthKinds.Contains(e.Kind)) => CredentialsOrPermission,
            _ when errors.Any(e => e.Kind is "BadRequest" or "BadInput") => BadInput,
            _ => ExchangeFailure,
        };
    }
}
