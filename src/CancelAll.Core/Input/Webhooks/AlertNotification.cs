using System.Text.Json;
using CancelAll.Core.Commands;

namespace CancelAll.Core.Input.Webhooks;

/// <summary>Reads an Alertmanager (version 4) or Grafana notification: its status, its reason and the label fields that name targets.</summary>
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
        var labels = common.ValueKind == JsonValueKind.Object ? CommandJson.Read(common, CommandJson.Labels).Fields : new CommandFields();
        return new WebhookPayload(format, body, [labels], null, resolved);
    }

    private static JsonElement Object(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : default;

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
