using CancelAll.Core.Outcomes;

namespace CancelAll.Cli;

/// <summary>The CLI's exit codes, documented in README.</summary>
internal static class ExitCodes
{
    /// <summary>Everything was cancelled, or there was nothing to cancel (also a successful dry run).</summary>
    public const int Success = 0;

    /// <summary>Something nobody planned for; the message says what.</summary>
    public const int Unexpected = OutcomeErrorKinds.ExitUnexpected;

    /// <summary>Bad input or configuration: an unknown option or product type, a bad margin coin, missing keys or settings, an unreadable key.</summary>
    public const int BadInput = OutcomeErrorKinds.ExitBadInput;

    /// <summary>Credentials or permission: the key, secret or passphrase was rejected, the key lacks permission or the environment does not match.</summary>
    public const int CredentialsOrPermission = OutcomeErrorKinds.ExitCredentials;

    /// <summary>The exchange failed (unavailable, rate limited, unreadable answer) after bounded retries.</summary>
    public const int ExchangeFailure = OutcomeErrorKinds.ExitExchange;

    /// <summary>Some orders or targets were cancelled and some were not.</summary>
    public const int PartialFailure = OutcomeErrorKinds.ExitPartial;

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
            // A failure: the error table's exit code, credentials before bad input before the rest.
            _ when errors.Any(e => e.Handling.ExitCode == CredentialsOrPermission) => CredentialsOrPermission,
            _ when errors.Any(e => e.Handling.ExitCode == BadInput) => BadInput,
            _ => errors.FirstOrDefault() is { } first ? first.Handling.ExitCode : ExchangeFailure,
        };
    }
}
