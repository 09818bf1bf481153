using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using CancelAll.Core.Commands;
using Microsoft.Extensions.Options;

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

internal sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var failures = new List<string>();
        if (options.SecretList.Count == 0)
        {
            failures.Add("CancelAll:Webhook:Secrets is empty: set at least one shared secret (comma-separated for rotation); webhooks are refused without one.");
        }
        else if (options.SecretList.Any(s => s.Length < 16))
        {
            failures.Add("CancelAll:Webhook:Secrets has a secret shorter than 16 characters: use long random secrets.");
        }

        if (options.SignatureMaxAge < TimeSpan.FromSeconds(10) || options.SignatureMaxAge > TimeSpan.FromHours(1))
        {
            failures.Add("CancelAll:Webhook:SignatureMaxAge (environment: CancelAll__Webhook__SignatureMaxAge) must be between 00:00:10 and 01:00:00.");
        }

        if (options.RetryAfter < TimeSpan.FromSeconds(1) || options.RetryAfter > TimeSpan.FromMinutes(5))
        {
            failures.Add("CancelAll:Webhook:RetryAfter (environment: CancelAll__Webhook__RetryAfter) must be between 00:00:01 and 00:05:00.");
        }

        if (string.IsNullOrWhiteSpace(options.GrafanaSignatureHeader) || string.IsNullOrWhiteSpace(options.GrafanaTimestampHeader))
        {
            failures.Add("CancelAll:Webhook:GrafanaSignatureHeader and GrafanaTimestampHeader must name headers (defaults X-Grafana-Alerting-Signature and X-Grafana-Alerting-Timestamp).");
        }

        if (!Credentials.AccountNames.IsValid(options.DefaultAccount))
        {
            failures.Add($"CancelAll:Webhook:DefaultAccount '{options.DefaultAccount}' is not a valid account name (lower-case letters, digits, single dashes).");
        }

        try
        {
            TargetParser.Parse(options.DefaultProductTypes, null, demo: false);
        }
        catch (CommandValidationException e)
        {
            failures.Add($"CancelAll:Webhook:DefaultProductTypes: {e.Message}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
