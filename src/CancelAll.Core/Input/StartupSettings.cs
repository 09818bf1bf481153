using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Input;

/// <summary>
/// How the app and the CLI stop on a bad setting, in one place: the start-up validation the host runs (every
/// ValidateOnStart option) turned into the settings' own messages (the setting, its environment variable, the problem,
/// an example), so that the caller prints them and exits non-zero instead of ending with a stack trace.
/// </summary>
public static class StartupSettings
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
        OptionsValidationException invalid => string.Join(" ", invalid.Failures),
        AggregateException { InnerExceptions.Count: > 0 } several when several.InnerExceptions.All(i => i is OptionsValidationException) =>
            string.Join(" ", several.InnerExceptions.Cast<OptionsValidationException>().SelectMany(i => i.Failures)),
        _ => null,
    };
}
