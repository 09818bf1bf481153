using System.Text;
using System.Text.Json;
using CancelAll.Core.Credentials;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Replies;

namespace CancelAll.Core.Input.Webhooks;

/// <summary>
/// Answer bodies. Every body carries the correlation id and names the problem; none names an internal host or carries
/// exception text: Key Vault's messages (which name the vault, for the operator's log) are replaced by what the
/// caller can act on. The recorded outcome (telemetry, reply) keeps the full message.
/// </summary>
internal static class WebhookAnswers
{
    public const string UnauthorizedMessage = "Missing or wrong webhook secret: send it where the README table says for your source.";

    public static string Unauthorized(string correlationId)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("status", "Unauthorized");
            writer.WriteString("correlationId", correlationId);
            writer.WriteStartObject("error");
            writer.WriteString("kind", "Unauthorized");
            writer.WriteString("message", UnauthorizedMessage);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The outcome document (<see cref="CancelAllReply.SchemaV2"/>), with credentials errors reworded for the caller.</summary>
    public static string One(CancelOutcome outcome) => ReplyJsonContext.Serialize(ReplyMapper.ToDocument(Public(outcome)));

    /// <summary>A notification that ran one command per account: an <see cref="OutcomeSet"/> of outcome documents.</summary>
    public static string Several(string correlationId, IReadOnlyList<CancelOutcome> outcomes) =>
        ReplyJsonContext.Serialize(new OutcomeSet(
            OutcomeSet.SchemaV2,
            correlationId,
            CancelOutcome.Combine(outcomes.Select(o => o.Status).ToList()).ToString(),
            [.. outcomes.Select(o => ReplyMapper.ToDocument(Public(o)))]));

    /// <summary>The outcome with credentials errors reworded for the caller.</summary>
    public static CancelOutcome Public(CancelOutcome outcome) => outcome with
    {
        Error = Public(outcome.Error, outcome.Account),
        Targets = [.. outcome.Targets.Select(t => t.Error is null ? t : t with { Error = Public(t.Error, outcome.Account) })],
    };

    private static OutcomeError? Public(OutcomeError? error, string account)
    {
        if (error is null || !Enum.TryParse<CredentialsErrorKind>(error.Kind.ToString(), out var kind))
        {
            return error;
        }

        var message = kind switch
        {
            CredentialsErrorKind.AccountNotConfigured => $"Account '{account}' is unknown here (no API key is stored for it): check the account name; an operator adds accounts as docs/credentials.md says.",
            CredentialsErrorKind.SecretMissing => $"Account '{account}' has an API key stored but part of it (secret or passphrase) is missing: an operator must store it; the log has the details under this correlation id.",
            CredentialsErrorKind.SecretDisabled or CredentialsErrorKind.InvalidSecretValue => $"Account '{account}' has stored keys that cannot be used (disabled or malformed): an operator must fix them; the log has the details under this correlation id.",
            CredentialsErrorKind.AccessDenied => $"The service may not read account '{account}''s keys: an operator must grant access; the log has the details under this correlation id.",
            CredentialsErrorKind.VaultThrottled or CredentialsErrorKind.VaultUnavailable or CredentialsErrorKind.Timeout => $"The key store did not answer for account '{account}' in time: retry shortly.",
            _ => error.Message,
        };
        return error with { Message = message };
    }
}
