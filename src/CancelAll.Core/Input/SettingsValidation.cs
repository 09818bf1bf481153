using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Input;

/// <summary>
/// Data-annotation validation whose messages name the setting and its environment variable, e.g.
/// "CancelAll:Webhook:MaxBodyBytes (environment: CancelAll__Webhook__MaxBodyBytes): The field MaxBodyBytes must be
/// between 1024 and 1048576." The checks themselves are source-generated (<see cref="OptionsValidatorAttribute"/>: no
/// reflection, trim- and AOT-safe); the generated messages name only the property, so this adds the setting's names.
/// </summary>
internal static class SettingsValidation
{
    /// <summary>Adds <paramref name="generated"/> (an <c>[OptionsValidator]</c> class) for the settings under <paramref name="section"/>.</summary>
    public static OptionsBuilder<TOptions> ValidateDataAnnotationsNamingSettings<TOptions>(this OptionsBuilder<TOptions> builder, string section, IValidateOptions<TOptions> generated)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(generated);
        builder.Services.AddSingleton<IValidateOptions<TOptions>>(new NamingValidator<TOptions>(builder.Name, section, generated));
        return builder;
    }

    /// <summary>The environment variable for a configuration key: <c>CancelAll:Webhook:Secrets</c> → <c>CancelAll__Webhook__Secrets</c>.</summary>
    public static string EnvironmentVariable(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Replace(":", "__", StringComparison.Ordinal);
    }

    private sealed class NamingValidator<TOptions>(string? optionsName, string section, IValidateOptions<TOptions> generated) : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? name, TOptions options)
        {
            if (optionsName is not null && optionsName != name)
            {
                return ValidateOptionsResult.Skip;
            }

            var result = generated.Validate(name, options);
            if (!result.Failed)
            {
                return result;
            }

            return ValidateOptionsResult.Fail(result.Failures!.Select(Name));
        }

        /// <summary>"MaxBodyBytes: The field WebhookOptions.MaxBodyBytes must be ..." → "CancelAll:Webhook:MaxBodyBytes (environment: ...): The field MaxBodyBytes must be ...".</summary>
        private string Name(string failure)
        {
            var colon = failure.IndexOf(": ", StringComparison.Ordinal);
            var member = colon > 0 ? failure[..colon] : "?";
            if (colon <= 0 || !member.All(char.IsLetterOrDigit))
            {
                return $"{section} (environment: {EnvironmentVariable(section)}): {failure}";
            }

            var key = $"{section}:{member}";
            var message = failure[(colon + 2)..].Replace(typeof(TOptions).Name + ".", string.Empty, StringComparison.Ordinal);
            return $"{key} (environment: {EnvironmentVariable(key)}): {message}";
        }
    }
}
