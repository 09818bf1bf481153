using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CancelAll.Core.Commands;

namespace CancelAll.Core.Input.Webhooks;

/// <summary>
/// What a webhook body says, once its format is known. <see cref="Alerts"/> holds one layer of label fields per firing
/// alert of a notification (empty for the plain JSON command and plain text). <see cref="Secret"/> is the body's secret
/// field: never printed nor serialized.
/// </summary>
internal sealed record WebhookPayload(WebhookFormat Format, CommandFields Body, IReadOnlyList<CommandFields> Alerts, [property: JsonIgnore] string? Secret, bool Resolved)
{
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    // The Alertmanager webhook's own top-level fields; Grafana sends the same ones plus orgId, state, title and message.
    private static readonly string[] AlertmanagerShape = ["version", "groupKey", "status", "receiver", "alerts"];

    /// <summary>
    /// Detects the format and reads it. A body is JSON when it parses as JSON after a byte-order mark and whitespace,
    /// whatever it looks like. Throws <see cref="CommandValidationException"/> for a body that looks like JSON but does
    /// not parse, for JSON that is not an object, and for plain text that mentions a dry run (which only JSON or the query can ask for).
    /// </summary>
    public static WebhookPayload Read(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var trimmed = body.Trim().TrimStart('\uFEFF').Trim();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(trimmed, Strict);
        }
        catch (JsonException e)
        {
            if (LooksLikeJson(trimmed))
            {
                throw new CommandValidationException("body", $"The body looks like JSON but is not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}; every field once, no comments or trailing commas). Fix the JSON; plain text is read only when it does not look like JSON.");
            }

            return ReadText(trimmed);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new CommandValidationException("body", $"The body is JSON but not an object ({root.ValueKind.ToString().ToLowerInvariant()}): send an object such as {{\"account\":\"main\",\"productTypes\":[\"USDT-FUTURES\"]}}.");
            }

            if (HasAlertmanagerShape(root))
            {
                return AlertNotification.Read(root, root.TryGetProperty("orgId", out _) ? WebhookFormat.Grafana : WebhookFormat.Alertmanager);
            }

            var (fields, secret) = CommandJson.Read(root);
            return new WebhookPayload(WebhookFormat.Json, fields, [], secret, Resolved: false);
        }
    }

    /// <summary>True when the body would be read as plain text: it neither parses as JSON nor looks like JSON.</summary>
    public static bool IsPlainText(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var trimmed = body.Trim().TrimStart('\uFEFF').Trim();
        try
        {
            using var document = JsonDocument.Parse(trimmed);
            return false;
        }
        catch (JsonException)
        {
            return !LooksLikeJson(trimmed);
        }
    }

    /// <summary>
    /// Every <c>secret</c> field of a JSON body (in any spelling, duplicates included), also when the body's other fields
    /// are invalid: a caller with the right secret learns what is wrong (400), one without it learns nothing (401).
    /// A secret that is not a string is returned as its raw text, so that it fails the comparison.
    /// </summary>
    public static IReadOnlyList<string> SecretsIn(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            using var document = JsonDocument.Parse(body.Trim().TrimStart('\uFEFF').Trim());
            if (document.RootElement.ValueKind != JsonValueKind.Object || HasAlertmanagerShape(document.RootElement))
            {
                return [];
            }

            return [.. document.RootElement.EnumerateObject()
                .Where(p => CommandJson.Command.Canonical(p.Name) == "secret" && p.Value.ValueKind != JsonValueKind.Null)
                .Select(p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText())];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"Format = {Format}, Body = {Body}, Alerts = {Alerts.Count}, Secret = {(Secret is null ? "none" : "***")}, Resolved = {Resolved}");
        return true;
    }

    private static WebhookPayload ReadText(string text)
    {
        // A dry run must never turn into a live cancel because its JSON was mistyped into text.
        if (CommandJson.MentionsDryRun(text))
        {
            throw new CommandValidationException("body", "The body is plain text that mentions a dry run, which plain text cannot ask for: send JSON such as {\"dryRun\":true}, or add ?dryRun=true to the URL.");
        }

        return new WebhookPayload(WebhookFormat.Text, new CommandFields { Reason = text }, [], null, Resolved: false);
    }

    private static bool LooksLikeJson(string text) =>
        text.Length > 0 && (text[0] is '{' or '[' or '"' || text[^1] is '}' or ']');

    private static bool HasAlertmanagerShape(JsonElement root) =>
        AlertmanagerShape.All(name => root.TryGetProperty(name, out var value)
            && value.ValueKind == (name == "alerts" ? JsonValueKind.Array : JsonValueKind.String));
}
