using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace CancelAll.Core.Input.Webhooks;

/// <summary>Webhook settings. Section <c>CancelAll:Webhook</c>.</summary>
public sealed class WebhookOptions
{
    public const string Section = "CancelAll:Webhook";

    /// <summary>Shared secrets (an array, or one comma-separated value). More than one lets callers move to a new secret before the old one is removed.</summary>
    [JsonIgnore]
    public string[] Secrets { get; set; } = [];

    public string DefaultAccount { get; set; } = "main";

    /// <summary>Product types used when a request names none (e.g. a plain-text TradingView alert): an array, or one comma-separated value.</summary>
    public string[] DefaultProductTypes { get; set; } = ["all"];

    [Range(1024, 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>The header Grafana's HMAC signature comes in (the contact point's HMAC Signature Header; Grafana's default).</summary>
    public string GrafanaSignatureHeader { get; set; } = "X-Grafana-Alerting-Signature";

    /// <summary>The header Grafana's signing timestamp comes in (the contact point's HMAC Timestamp Header, which must be set).</summary>
    public string GrafanaTimestampHeader { get; set; } = "X-Grafana-Alerting-Timestamp";

    /// <summary>How far a signed request's timestamp may be from now, either way, before it is refused as a replay.</summary>
    public TimeSpan SignatureMaxAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>What a 503 answer's Retry-After says: when a sender's retry may find Key Vault or the exchange recovered.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    [JsonIgnore]
    public IReadOnlyList<string> SecretList => Secrets.Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
}
