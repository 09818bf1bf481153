using CancelAll.Core.Commands;
using CancelAll.Core.Credentials;
using CancelAll.Core.Exchange;

namespace CancelAll.Core.Outcomes;

/// <summary>Turns the typed failures of each stage into the one error record outcomes carry.</summary>
internal static class OutcomeErrors
{
    /// <summary>Failures that mean the command itself can never succeed as written: it is rejected, not failed.</summary>
    public static bool IsRejection(Exception exception) =>
        exception is CommandValidationException
        || exception is CredentialsException { Kind: CredentialsErrorKind.AccountNotConfigured or CredentialsErrorKind.InvalidAccountName };

    public static OutcomeError From(Exception exception) => exception switch
    {
        ExchangeException e => new OutcomeError(Enum.Parse<OutcomeErrorKind>(e.Kind.ToString()), e.Code, e.Message, e.IsTransient),
        CredentialsException e => new OutcomeError(Enum.Parse<OutcomeErrorKind>(e.Kind.ToString()), e.SecretName, e.Message, e.IsTransient),
        CommandValidationException e => new OutcomeError(OutcomeErrorKind.BadInput, e.Field, e.Message),
        // Unknown failures are recorded by type only: their messages were not written for operators and may carry anything.
        _ => new OutcomeError(OutcomeErrorKind.Unexpected, exception.GetType().Name, $"Unexpected {exception.GetType().Name}; see the logs for the correlation id."),
    };
}
