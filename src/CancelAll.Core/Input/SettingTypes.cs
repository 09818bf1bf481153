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
/// which ends up as a stack trace. A list setting (a <c>string[]</c> property) is read in either form: an array
/// (<c>CancelAll__Webhook__Secrets__0</c>, <c>__1</c>, ...) or one comma-separated value (<c>CancelAll__Webhook__Secrets=a,b</c>).
/// </summary>
internal static class SettingTypes
{
    /// <summary>
    /// Binds <paramref name="section"/> with <paramref name="bind"/>, which each caller writes as
    /// <c>static (section, options) =&gt; section.Bind(options)</c>: there the options type is known, so the configuration
    /// binding source generator replaces the reflection-based binder (trim- and AOT-safe).
    /// </summary>
    public static OptionsBuilder<TOptions> BindNamingSettings<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TOptions>(
        this OptionsBuilder<TOptions> builder, IConfigurationSection section, Action<IConfigurationSection, TOptions> bind)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(bind);
        builder.Services.AddSingleton<IOptionsChangeTokenSource<TOptions>>(new ConfigurationChangeTokenSource<TOptions>(builder.Name, section));
        var lists = typeof(TOptions).GetProperties().Where(p => p.PropertyType == typeof(string[]) && p.CanWrite).ToArray();
        return builder.Configure(options =>
        {
            try
            {
                // A list setting given as an array (Name__0, Name__1, ...) replaces the default; the binder would append to it.
                foreach (var list in lists.Where(l => section.GetSection(l.Name).GetChildren().Any()))
                {
                    list.SetValue(options, Array.Empty<string>());
                }

                bind(section, options);

                // The comma-separated form (Name=a,b), which settings used before arrays, is still read: it wins over an array.
                foreach (var list in lists)
                {
                    if (section.GetSection(list.Name).Value is { } commaSeparated)
                    {
                        list.SetValue(options, commaSeparated.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    }
                }
            }
            catch (InvalidOperationException e)
            {
                var failures = Describe(section, typeof(TOptions));
                throw new OptionsValidationException(builder.Name ?? Options.DefaultName, typeof(TOptions), failures.Count > 0 ? failures : [$"{section.Path} (environment: {SettingsValidation.EnvironmentVariable(section.Path)}): {e.Message}"]);
            }
        });
    }

    /// <summary>Each setting of the section whose value does not convert to its property's type, described.</summary>
    public static IReadOnlyList<string> Describe(IConfigurationSection section, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type optionsType)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(optionsType);
        var failures = new List<string>();
        foreach (var property in optionsType.GetProperties())
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (!property.CanWrite || section[property.Name] is not { Length: > 0 } value || Converts(type, value) is not false)
            {
                continue;
            }

            var key = $"{section.Path}:{property.Name}";
            var (what, example) = Words(type);
            failures.Add($"{key} (environment: {SettingsValidation.EnvironmentVariable(key)}) is '{value}', which is not {what}; example: {example}.");
        }

        return failures;
    }

    /// <summary>
    /// Whether the binder can convert <paramref name="value"/> to <paramref name="type"/> (as it does: invariant culture);
    /// null for a type that is not a single value (a list, a section).
    /// </summary>
    private static bool? Converts(Type type, string value)
    {
        var invariant = CultureInfo.InvariantCulture;
        return type switch
        {
            _ when type == typeof(string) => true,
            _ when type == typeof(bool) => bool.TryParse(value, out _),
            _ when type == typeof(int) => int.TryParse(value, NumberStyles.Integer, invariant, out _),
            _ when type == typeof(long) => long.TryParse(value, NumberStyles.Integer, invariant, out _),
            _ when type == typeof(short) => short.TryParse(value, NumberStyles.Integer, invariant, out _),
            _ when type == typeof(double) => double.TryParse(value, NumberStyles.Float | NumberStyles.AllowThousands, invariant, out _),
            _ when type == typeof(float) => float.TryParse(value, NumberStyles.Float | NumberStyles.AllowThousands, invariant, out _),
            _ when type == typeof(decimal) => decimal.TryParse(value, NumberStyles.Number, invariant, out _),
            _ when type == typeof(TimeSpan) => TimeSpan.TryParse(value, invariant, out _),
            _ when type == typeof(DateTimeOffset) => DateTimeOffset.TryParse(value, invariant, DateTimeStyles.None, out _),
            _ when type == typeof(Uri) => Uri.TryCreate(value, UriKind.RelativeOrAbsolute, out _),
            _ when type.IsEnum => Enum.TryParse(type, value, ignoreCase: true, out _),
            _ => null,
        };
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
