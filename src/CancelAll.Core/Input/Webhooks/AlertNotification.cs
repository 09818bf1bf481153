using System.Text.Json;
using CancelAll.Core.Commands;

namespace CancelAll.Core.Input.Webhooks;

/// <summary>
/// Reads an Alertmanager (version 4) or Grafana notification: its status, its reason, and one layer of label fields per
/// firing alert. A grouped notification's <c>commonLabels</c> holds only what every alert shares, so each alert's own
/// labels are read; <c>commonLabels</c> is used alone only when the notification lists no alerts. An alert's hold length
/// (<c>hold_minutes</c>) may be a label or an annotation (annotations are not part of the alert's identity). Alerts
/// start holds and never end one: only a release command does.
/// </summary>
internal static class AlertNotification
{
    public static WebhookPayload Read(JsonElement root, WebhookFormat format)
    {
        var grafana = format == WebhookFormat.Grafana;
        if (!grafana && Text(root, "version") is { } version && version != "4")
        {
            throw new CommandValidationException("version", $"Alertmanager webhook version '{CancelTarget.Printable(version)}' is not supported: this service reads version 4.");
        }

        var resolved = string.Equals(Text(root, "status"), "resolved", StringComparison.OrdinalIgnoreCase)
            || (grafana && string.Equals(Text(root, "state"), "ok", StringComparison.OrdinalIgnoreCase));
        var common = Object(root, "commonLabels");
        var reason = (grafana ? Text(root, "title") : null) ?? Text(Object(root, "commonAnnotations"), "summary") ?? Text(common, "alertname");

        // Command fields at the top level are honoured too, so that a dryRun written anywhere in the body is never lost.
        var (top, _) = CommandJson.Read(root, CommandJson.TopLevelOfAlert);
        var body = top with { Reason = reason };
        var commonFields = Fields(common, Object(root, "commonAnnotations"));
        var alerts = root.GetProperty("alerts").EnumerateArray().ToList();
        if (alerts.Count == 0)
        {
            return new WebhookPayload(format, body, [commonFields], null, resolved);
        }

        // Only firing alerts kill; a notification may carry resolved ones beside them (send_resolved).
        var firing = alerts
            .Where(a => !string.Equals(Text(a, "status"), "resolved", StringComparison.OrdinalIgnoreCase))
            .Select(a => Fields(Object(a, "labels"), Object(a, "annotations")).Over(commonFields))
            .ToList();
        return new WebhookPayload(format, body, firing, null, resolved || firing.Count == 0);
    }

    /// <summary>One alert's command fields: its labels, and its hold length from a label or an annotation.</summary>
    private static CommandFields Fields(JsonElement labels, JsonElement annotations)
    {
        var fromLabels = labels.ValueKind == JsonValueKind.Object ? CommandJson.Read(labels, CommandJson.Labels).Fields : new CommandFields();
        var fromAnnotations = annotations.ValueKind == JsonValueKind.Object ? CommandJson.Read(annotations, CommandJson.Annotations).Fields : new CommandFields();
        if (fromLabels.HoldMinutes is { } label && fromAnnotations.HoldMinutes is { } annotation && label != annotation)
        {
            throw new CommandValidationException("holdMinutes", $"holdMinutes is given twice for one alert, as label ({label}) and annotation ({annotation}): keep one.");
        }

        return fromLabels with { HoldMinutes = fromLabels.HoldMinutes ?? fromAnnotations.HoldMinutes };
    }

    private static JsonElement Object(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : default;

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
