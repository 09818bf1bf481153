using System.Globalization;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace CancelAll.Core.Credentials;

/// <summary>
/// The SDK's bounded exponential retry, and Key Vault's Retry-After respected within it: the SDK never retries sooner
/// than the vault asked; when the vault asks for a longer wait than <see cref="KeyVaultSettings.RetryMaxDelay"/>,
/// the read ends at once (throttled, with the vault's wait in the message) instead of sleeping into its deadline.
/// </summary>
internal sealed class VaultRetryPolicy(KeyVaultSettings settings)
    : RetryPolicy(settings.RetryMaxRetries, DelayStrategy.CreateExponentialDelayStrategy(settings.RetryDelay, settings.RetryMaxDelay))
{
    protected override bool ShouldRetry(HttpMessage message, Exception? exception) =>
        !AsksTooLong(message) && base.ShouldRetry(message, exception);

    protected override ValueTask<bool> ShouldRetryAsync(HttpMessage message, Exception? exception) =>
        AsksTooLong(message) ? ValueTask.FromResult(false) : base.ShouldRetryAsync(message, exception);

    /// <summary>The Retry-After a response carries (seconds or an HTTP date), if any.</summary>
    internal static TimeSpan? RetryAfter(Response? response, DateTimeOffset now)
    {
        if (response is null || !response.Headers.TryGetValue("Retry-After", out var value) || string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && at > now ? at - now : null;
    }

    private bool AsksTooLong(HttpMessage message) =>
        message.HasResponse && RetryAfter(message.Response, DateTimeOffset.UtcNow) is { } wait && wait > settings.RetryMaxDelay;
}
