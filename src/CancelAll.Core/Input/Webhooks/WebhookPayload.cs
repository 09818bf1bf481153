using System.Text.Json;
using CancelAll.Core.Commands;

namespace CancelAll.Core.Input.Webhooks;

public enum WebhookFormat
{
    /// <summary>The plain JSON command, which is also what a TradingView JSON alert sends.</summary>
    Json,

    /// <summary>A TradingView plain-text alert: use the defaults, the text is the reason.</summary>
    Text,

    /// <summary>Prometheus Alertmanager webhook, version 4.</summary>
    Alertmanager,

    /// <summary>Grafana alerting webhook.</summary>
    Grafana,
}

/// <summary>What a webhook body says, once its format is known.</summary>
public sealed record WebhookPayload(WebhookFormat Format, CommandFields Body, CommandFields Labels, string? Secret, bool Resolved)
{
    /// <summary>Detects the format from the body and reads it. Throws <see cref="CommandValidationException"/> for bad JSON.</summary>
    public static WebhookPayload Read(string body)
    {
        var trimmed = body.AsSpan().TrimStart();
        if (trimmed.IsEmpty || (trimmed[0] != '{' && trimmed[0] != '['))
        {
            return new WebhookPayload(WebhookFormat.Text, new CommandFields { Reason = body.Trim() }, new CommandFields(), null, Resolved: false);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("alerts", out var alerts) && alerts.ValueKind == JsonValueKind.Array)
            {
                return ReadAlert(root);
            }

            var (fields, secret) = CommandJson.Read(root);
            return new WebhookPayload(WebhookFormat.Json, fields, new CommandFields(), secret, Resolved: false);
        }
        catch (JsonException e)
        {
            throw new CommandValidationException("body", $"The body starts like JSON but is not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}). Send a JSON object, or plain text.");
        }
    }

    // Alertmanager v4 and Grafana share a shape; Grafana adds orgId, state, title and message.
    private static WebhookPayload ReadAlert(JsonElement root)
    {
        var grafana = root.TryGetProperty("orgId", out _) || root.TryGetProperty("state", out _);
        var status = Text(root, "status");
        var resolved = string.Equals(status, "resolved", StringComparison.OrdinalIgnoreCase)
            || (grafana && string.Equals(Text(root, "state"), "ok", StringComparison.OrdinalIgnoreCase));
        if (!grafana && Text(root, "version") is { } version && version != "4")
        {
            throw new CommandValidationException("version", $"Alertmanager webhook version '{CancelTarget.Printable(version)}' is not supported: this service reads version 4.");
        }

        var labels = root.TryGetProperty("commonLabels", out var common) && common.ValueKind == JsonValueKind.Object ? common : default;
        var annotations = root.TryGetProperty("commonAnnotations", out var a) && a.ValueKind == JsonValueKind.Object ? a : default;
        var reason = (grafana ? Text(root, "title") : null) ?? Text(annotations, "summary") ?? Text(labels, "alertname");
        var fromLabels = new CommandFields
        {
            Account = Text(labels, "account"),
            ProductTypes = (Text(labels, "productTypes") ?? Text(labels, "product_types") ?? Text(labels, "productType") ?? Text(labels, "product_type")) is { } types ? [types] : null,
            MarginCoin = Text(labels, "marginCoin") ?? Text(labels, "margin_coin"),
            Demo = CommandJson.Bool(Text(labels, "demo"), "demo"),
            Scope = CommandJson.Scope(Text(labels, "scope"), "scope"),
            Verify = CommandJson.Bool(Text(labels, "verify"), "verify"),
            DryRun = CommandJson.Bool(Text(labels, "dryRun") ?? Text(labels, "dry_run"), "dryRun"),
        };
        return new WebhookPayload(grafana ? WebhookFormat.Grafana : WebhookFormat.Alertmanager, new CommandFields { Reason = reason }, fromLabels, null, resolved);
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
