using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Input;

/// <summary>
/// How the app and the CLI stop on a bad setting, in one place: the start-up validation the host runs (every
/// ValidateOnStart option) turned into the settings' own messages (the setting, its environment variable, the problem,
/// an example), so that the caller prints them and exits non-zero instead of ending with a stack trace.
/// </summary>
public static partial class StartupSettings
{
    /// <summary>Runs the start-up validation now; the problems found, one sentence per setting, or null when all are valid.</summary>
    public static string? Problems(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return null;
        }
        catch (Exception e) when (Describe(e) is { } problems)
        {
            return problems;
        }
    }

    /// <summary>The settings' messages in a validation failure (one, or several together), or null for any other exception.</summary>
    public static string? Describe(Exception exception) => exception switch
    {
        OptionsValidationException invalid => Join(invalid.Failures),
        AggregateException { InnerExceptions.Count: > 0 } several when several.InnerExceptions.All(i => i is OptionsValidationException) =>
            Join(several.InnerExceptions.Cast<OptionsValidationException>().SelectMany(i => i.Failures)),
        _ => null,
    };

    // A message that starts with the setting's key gets its environment-variable spelling, where it does not say it already.
    private static string Join(IEnumerable<string> failures) =>
        string.Join(" ", failures.Select(f => f.Contains("(environment: ", StringComparison.Ordinal)
            ? f
            : LeadingKey().Replace(f, m => $"{m.Value} (environment: {SettingsValidation.EnvironmentVariable(m.Value)})", 1)));

    [GeneratedRegex(@"^CancelAll(:[A-Za-z0-9_]+)+")]
    private static partial Regex LeadingKey();
}
