using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Input;

/// <summary>
/// Binding whose type errors read like the range errors: a setting that cannot be converted ("abc" for a time span)
/// stops start-up with an <see cref="OptionsValidationException"/> naming the setting, its environment variable, the
/// value's problem and an example, e.g. "CancelAll:Flatten:VerifyDeadline (environment: CancelAll__Flatten__VerifyDeadline)
/// is 'abc', which is not a time span; example: 00:00:10". The stock binder throws an InvalidOperationException instead,
/// which ends up as a stack trace.
/// </summary>
internal static class SettingTypes
{
    public static OptionsBuilder<TOptions> BindNamingSettings<TOptions>(this OptionsBuilder<TOptions> builder, IConfigurationSection section)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        builder.Services.AddSingleton<IOptionsChangeTokenSource<TOptions>>(new ConfigurationChangeTokenSource<TOptions>(builder.Name, section));
        return builder.Configure(options =>
        {
            try
            {
                section.Bind(options);
            }
            catch (InvalidOperationException e)
            {
                var failures = Describe(section, typeof(TOptions));
                throw new OptionsValidationException(builder.Name, typeof(TOptions), failures.Count > 0 ? failures : [$"{section.Path} (environment: {SettingsValidation.EnvironmentVariable(section.Path)}): {e.Message}"]);
            }
        });
    }

    /// <summary>Each setting of the section whose value does not convert to its property's type, described.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Options types are kept: they are bound by the configuration binder.")]
    public static IReadOnlyList<string> Describe(IConfigurationSection section, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type optionsType)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(optionsType);
        var failures = new List<string>();
        foreach (var property in optionsType.GetProperties())
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (!property.CanWrite || section[property.Name] is not { Length: > 0 } value || !IsSimple(type) || Converts(type, value))
            {
                continue;
            }

            var key = $"{section.Path}:{property.Name}";
            var (what, example) = Words(type);
            failures.Add($"{key} (environment: {SettingsValidation.EnvironmentVariable(key)}) is '{value}', which is not {what}; example: {example}.");
        }

        return failures;
    }

    private static bool IsSimple(Type type) => type.IsPrimitive || type.IsEnum || type == typeof(TimeSpan) || type == typeof(Uri) || type == typeof(decimal) || type == typeof(DateTimeOffset);

    private static bool Converts(Type type, string value)
    {
        try
        {
            // What the binder does: the type's converter, invariant culture.
            TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or NotSupportedException || e.InnerException is FormatException or OverflowException)
        {
            return false;
        }
    }

    private static (string What, string Example) Words(Type type) => type switch
    {
        _ when type == typeof(TimeSpan) => ("a time span ([d.]hh:mm:ss[.fff])", "00:00:10"),
        _ when type == typeof(bool) => ("true or false", "true"),
        _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => ("a whole number", "5"),
        _ when type == typeof(double) || type == typeof(decimal) || type == typeof(float) => ("a number (with a dot for decimals)", "0.5"),
        _ when type == typeof(Uri) => ("a URL", "https://api.bitget.com"),
        _ when type == typeof(DateTimeOffset) => ("a date and time", "2026-01-31T22:00:00Z"),
        _ when type.IsEnum => ($"one of {string.Join(", ", Enum.GetNames(type))}", Enum.GetNames(type)[0]),
        _ => ($"a {type.Name}", "see README's settings table"),
    };
}
