using Azure.Core;
using CancelAll.Core.Commands;
using CancelAll.Core.Input;
using CancelAll.Core.Replies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Hold;

/// <summary>
/// Settings of the hold flat. Section <c>CancelAll:Hold</c>. Holds are off while <see cref="Queue"/> is empty; a command
/// with <c>holdMinutes</c> is then refused with a message naming this setting. Repeats are scheduled on the Service Bus
/// namespace of <c>CancelAll:Replies</c>, with the same identity.
/// </summary>
public sealed class HoldOptions
{
    public const string Section = "CancelAll:Hold";

    /// <summary>The shortest interval: Bitget's per-UID limits leave room for far more, but a tighter loop helps nobody.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(10);

    /// <summary>The longest interval: the request queue's duplicate detection window (10 minutes) must cover it.</summary>
    public static readonly TimeSpan MaxInterval = TimeSpan.FromMinutes(10);

    /// <summary>The app's own request queue (the one the queue trigger reads). Repeats are scheduled messages on it.</summary>
    public string? Queue { get; set; }

    /// <summary>How often a held scope is repeated.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Table endpoint of the app's storage account (Azure: identity-based). The dead-man's switch uses the same table.</summary>
    public Uri? TableEndpoint { get; set; }

    /// <summary>A storage connection string instead of the endpoint: Azurite locally and in tests.</summary>
    public string? TableConnectionString { get; set; }

    /// <summary>The table; holds live in a partition of their own, so the dead-man's table serves.</summary>
    public string TableName { get; set; } = "heartbeats";

    public bool Enabled => !string.IsNullOrWhiteSpace(Queue);
}

/// <param name="services">To check that Service Bus and, for an endpoint, a TokenCredential are there.</param>
internal sealed class HoldOptionsValidator(IServiceProvider services) : IValidateOptions<HoldOptions>
{
    public ValidateOptionsResult Validate(string? name, HoldOptions options)
    {
        var prefix = HoldOptions.Section + ":";
        var failures = new List<string>();
        if (options.Interval < HoldOptions.MinInterval || options.Interval > HoldOptions.MaxInterval)
        {
            failures.Add($"{prefix}Interval must be between 00:00:10 and 00:10:00 (the request queue's duplicate detection window); it is {options.Interval}.");
        }

        if (!options.Enabled)
        {
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }

        if (!ReplyOptionsValidator.QueueName().IsMatch(options.Queue!.Trim()))
        {
            failures.Add($"{prefix}Queue '{CancelTarget.Printable(options.Queue)}' is not a queue name: give the app's request queue, such as cancel-requests.");
        }

        if (!services.GetRequiredService<IOptions<ReplyOptions>>().Value.Enabled)
        {
            failures.Add($"{prefix}Queue is set, but {ReplyOptions.Section}:Namespace is not: holds are scheduled on that Service Bus namespace. Set it, or leave {prefix}Queue empty to switch holds off.");
        }

        failures.AddRange(TableFailures(options, services.GetService<TokenCredential>() is not null));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// What is wrong with the table settings, each naming the setting and its environment variable: the app checks them
    /// at start-up when holds are on, and a release (which needs only the table) checks them before it reads.
    /// </summary>
    internal static List<string> TableFailures(HoldOptions options, bool credentialRegistered)
    {
        const string Endpoint = HoldOptions.Section + ":TableEndpoint";
        const string Connection = HoldOptions.Section + ":TableConnectionString";
        const string Name = HoldOptions.Section + ":TableName";
        var failures = new List<string>();
        var hasEndpoint = options.TableEndpoint is not null;
        var hasConnection = !string.IsNullOrWhiteSpace(options.TableConnectionString);
        if (hasEndpoint == hasConnection)
        {
            failures.Add($"Set exactly one of {Endpoint} (environment: {SettingsValidation.EnvironmentVariable(Endpoint)}; Azure, identity-based: https://<account>.table.core.windows.net/) and {Connection} (environment: {SettingsValidation.EnvironmentVariable(Connection)}; Azurite: UseDevelopmentStorage=true).");
        }
        else if (hasEndpoint && !(options.TableEndpoint!.IsAbsoluteUri && options.TableEndpoint.Scheme == Uri.UriSchemeHttps))
        {
            failures.Add($"{Endpoint} (environment: {SettingsValidation.EnvironmentVariable(Endpoint)}) must be an absolute https address, such as https://<account>.table.core.windows.net/.");
        }
        else if (hasEndpoint && !credentialRegistered)
        {
            failures.Add($"{Endpoint} (environment: {SettingsValidation.EnvironmentVariable(Endpoint)}) is set, but no Azure.Core.TokenCredential is registered: the table is reached with the app's managed identity.");
        }

        if (options.TableName.Length is < 3 or > 63 || !char.IsAsciiLetter(options.TableName[0]) || !options.TableName.All(char.IsAsciiLetterOrDigit))
        {
            failures.Add($"{Name} (environment: {SettingsValidation.EnvironmentVariable(Name)}) '{CancelTarget.Printable(options.TableName)}' is not a table name: 3-63 letters and digits, starting with a letter.");
        }

        return failures;
    }
}
