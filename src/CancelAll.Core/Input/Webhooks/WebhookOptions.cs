using System.ComponentModel.DataAnnotations;
using CancelAll.Core.Commands;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Input.Webhooks;

/// <summary>Webhook settings. Section <c>CancelAll:Webhook</c>.</summary>
public sealed class WebhookOptions
{
    public const string Section = "CancelAll:Webhook";

    /// <summary>Comma-separated shared secrets. More than one lets callers move to a new secret before the old one is removed.</summary>
    public string Secrets { get; set; } = string.Empty;

    public string DefaultAccount { get; set; } = "main";

    /// <summary>Comma-separated product types used when a request names none (e.g. a plain-text TradingView alert).</summary>
    public string DefaultProductTypes { get; set; } = "all";

    [Range(1024, 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    public IReadOnlyList<string> SecretList => Secrets.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
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

        if (!Credentials.AccountNames.IsValid(options.DefaultAccount))
        {
            failures.Add($"CancelAll:Webhook:DefaultAccount '{options.DefaultAccount}' is not a valid account name (lower-case letters, digits, single dashes).");
        }

        try
        {
            TargetParser.Parse(options.DefaultProductTypes.Split(','), null, demo: false);
        }
        catch (CommandValidationException e)
        {
            failures.Add($"CancelAll:Webhook:DefaultProductTypes: {e.Message}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
