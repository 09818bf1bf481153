namespace CancelAll.Core.Input;

/// <summary>
/// A set of field names found whatever their case, dashes, underscores or spaces: <c>dry_run</c>, <c>DryRun</c> and
/// <c>dry-run</c> all name <c>dryRun</c>. A misspelt safety field is then never silently ignored.
/// </summary>
public sealed class FieldNames
{
    private readonly Dictionary<string, string> _bySqueezed;

    public FieldNames(params string[] canonical)
    {
        ArgumentNullException.ThrowIfNull(canonical);
        _bySqueezed = canonical.ToDictionary(Squeeze, c => c, StringComparer.Ordinal);
    }

    /// <summary>The canonical spelling of <paramref name="name"/>, or null when it names none of these fields.</summary>
    public string? Canonical(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _bySqueezed.GetValueOrDefault(Squeeze(name));
    }

    /// <summary>Lower-case ASCII letters and digits only.</summary>
    public static string Squeeze(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Create(text.Count(char.IsAsciiLetterOrDigit), text, static (span, source) =>
        {
            var i = 0;
            foreach (var c in source)
            {
                if (char.IsAsciiLetterOrDigit(c))
                {
                    span[i++] = char.ToLowerInvariant(c);
                }
            }
        });
    }
}
