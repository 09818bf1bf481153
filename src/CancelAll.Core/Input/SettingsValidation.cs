using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Input;

/// <summary>
/// Data-annotation validation whose messages name the setting and its environment variable, e.g.
/// "CancelAll:Webhook:MaxBodyBytes (environment: CancelAll__Webhook__MaxBodyBytes): The field MaxBodyBytes must be
/// between 1024 and 1048576." The stock validator names only the property.
/// </summary>
internal static class SettingsValidation
{
    public static OptionsBuilder<TOptions> ValidateDataAnnotationsNamingSettings<TOptions>(this OptionsBuilder<TOptions> builder, string section)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IValidateOptions<TOptions>>(new NamingValidator<TOptions>(builder.Name, section));
        return builder;
    }

    /// <summary>The environment variable for a configuration key: <c>CancelAll:Webhook:Secrets</c> → <c>CancelAll__Webhook__Secrets</c>.</summary>
    public static string EnvironmentVariable(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Replace(":", "__", StringComparison.Ordinal);
    }

    private sealed class NamingValidator<TOptions>(string? optionsName, string section) : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? name, TOptions options)
        {
            if (optionsName is not null && optionsName != name)
            {
                return ValidateOptionsResult.Skip;
            }

            var results = new List<ValidationResult>();
            if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
            {
                return ValidateOptionsResult.Success;
            }

            return ValidateOptionsResult.Fail(results.Select(r =>
            {
                var key = $"{section}:{r.MemberNames.FirstOrDefault() ?? "?"}";
                return $"{key} (environment: {EnvironmentVariable(key)}): {r.ErrorMessage}";
            }));
        }
    }
}
