namespace CancelAll.Core.Input.Webhooks;

internal enum WebhookFormat
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
