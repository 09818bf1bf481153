using System.Text.RegularExpressions;
using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Replies;

internal sealed partial class ReplyOptionsValidator(IServiceProvider services) : IValidateOptions<ReplyOptions>
{
    public ValidateOptionsResult Validate(string? name, ReplyOptions options)
    {
        var failures = new List<string>();
        var prefix = ReplyOptions.Section + ":";
        if (!string.IsNullOrWhiteSpace(options.Namespace) && !HostName().IsMatch(options.Namespace.Trim()))
        {
            failures.Add($"{prefix}Namespace must be the namespace's host name only, such as sb-cancelall.servicebus.windows.net (no https://, no path).");
        }

        if (options.Endpoint is { } endpoint && (!endpoint.IsAbsoluteUri || endpoint.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"{prefix}Endpoint must be an absolute https URL: Service Bus bearer tokens are only sent over TLS.");
        }

        if (!QueueName().IsMatch(options.Queue ?? string.Empty))
        {
            failures.Add($"{prefix}Queue '{options.Queue}' is not a queue name: use letters, digits, '.', '-', '_' (starting and ending with a letter or digit).");
        }

        foreach (var queue in options.AllowedQueues.Select(q => q.Trim()).Where(q => q.Length > 0))
        {
            if (!QueueName().IsMatch(queue))
            {
                failures.Add($"{prefix}AllowedQueues has '{queue}', which is not a queue name: give comma-separated names such as replies-desk1,replies-desk2.");
            }
        }

        if (options.SendTimeout <= TimeSpan.Zero || options.SendTimeout > TimeSpan.FromMinutes(2))
        {
            failures.Add($"{prefix}SendTimeout must be more than 0 and at most 2 minutes.");
        }

        if (options.NetworkTimeout <= TimeSpan.Zero || options.NetworkTimeout > options.SendTimeout)
        {
            failures.Add($"{prefix}NetworkTimeout must be more than 0 and no longer than {prefix}SendTimeout.");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add($"{prefix}MaxRetries must be between 0 and 10.");
        }

        if (options.RetryDelay < TimeSpan.Zero || options.MaxRetryDelay < options.RetryDelay || options.MaxRetryDelay > TimeSpan.FromSeconds(30))
        {
            failures.Add($"{prefix}RetryDelay must be at least 0 and {prefix}MaxRetryDelay between it and 30 seconds.");
        }

        if (options.Enabled && services.GetService<TokenCredential>() is null)
        {
            failures.Add($"{prefix}Namespace is set, but no Azure.Core.TokenCredential is registered: register the app's identity credential (AddCancelAllCredentials does) before sending replies.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")]
    private static partial Regex HostName();

    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9._-]{0,258}[A-Za-z0-9])?$")]
    internal static partial Regex QueueName();
}
