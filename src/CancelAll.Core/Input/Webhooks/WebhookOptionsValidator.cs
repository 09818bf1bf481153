using CancelAll.Core.Commands;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Input.Webhooks;

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
