using System.Collections;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using CancelAll.Core.Credentials;
using CancelAll.Core.DeadMan;
using CancelAll.Core.Exchange;
using CancelAll.Core.Hold;
using CancelAll.Core.Input;
using CancelAll.Core.Input.Queue;
using CancelAll.Core.Input.Schedule;
using CancelAll.Core.Input.Webhooks;
using CancelAll.Core.Kill;
using CancelAll.Core.Replies;

namespace CancelAll.Core.Tests.Docs;

/// <summary>README's one settings table against the options classes: every setting listed, every listed name real, every default the code's.</summary>
public partial class SettingsTableTests
{
    /// <summary>Settings read straight from configuration rather than bound to an options class.</summary>
    private static readonly string[] ReadFromConfiguration =
    [
        "CancelAll__Accounts__<account>__ApiKey", "CancelAll__Accounts__<account>__ApiSecret", "CancelAll__Accounts__<account>__Passphrase", "CancelAll__Accounts__<account>__Demo",
    ];

    [GeneratedRegex(@"^\| (?<names>`[^|]+) \| [^|]+ \| (?<defaults>[^|]+) \|$", RegexOptions.Multiline)]
    private static partial Regex Row();

    /// <summary>Each setting (environment spelling) with the default the code gives it, from one instance of each options class.</summary>
    private static Dictionary<string, object?> FromCode()
    {
        var settings = new Dictionary<string, object?>(StringComparer.Ordinal);
        void Add(string section, object options)
        {
            foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var name = section.Replace(":", "__", StringComparison.Ordinal) + "__" + property.Name;
                var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                if (typeof(IDictionary).IsAssignableFrom(type))
                {
                    settings[name + "__<account>"] = null;
                }
                else if (property.CanWrite && type == typeof(string[]))
                {
                    // A list: README gives its default in the comma-separated form, which the setting also reads.
                    settings[name] = string.Join(',', (string[])property.GetValue(options)!);
                }
                else if (property.CanWrite && (type == typeof(string) || type.IsPrimitive || type == typeof(TimeSpan) || type == typeof(Uri)))
                {
                    settings[name] = property.GetValue(options);
                }
                else if (property.CanWrite && type.IsClass && type.Namespace!.StartsWith("CancelAll", StringComparison.Ordinal))
                {
                    Add(section + ":" + property.Name, property.GetValue(options)!);
                }
            }
        }

        Add("CancelAll", new InputOptions());
        Add("CancelAll", new CredentialsOptions());
        Add(ExchangeOptions.Section, new ExchangeOptions());
        Add(WebhookOptions.Section, new WebhookOptions());
        Add(QueueOptions.Section, new QueueOptions());
        Add(ScheduleOptions.Section, new ScheduleOptions());
        Add(FlattenOptions.Section, new FlattenOptions());
        Add(ReplyOptions.Section, new ReplyOptions());
        Add(DeadManOptions.Section, new DeadManOptions());
        Add(HoldOptions.Section, new HoldOptions());
        return settings;
    }

    /// <summary>The README rows: "`A__B__C` / `__D`" names A__B__C and A__B__D; the defaults column pairs up the same way.</summary>
    private static Dictionary<string, string> FromReadme()
    {
        var readme = File.ReadAllText(Path.Combine(RecipeTests.RepositoryRoot(), "README.md"));
        var section = readme[readme.IndexOf("\n## Settings\n", StringComparison.Ordinal)..];
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match row in Row().Matches(section))
        {
            var names = row.Groups["names"].Value.Split(" / ").Select(n => n.Trim('`')).ToList();
            var defaults = row.Groups["defaults"].Value.Trim().Split(" / ");
            for (var i = 0; i < names.Count; i++)
            {
                var name = names[i].StartsWith("__", StringComparison.Ordinal) ? names[0][..names[0].LastIndexOf("__", StringComparison.Ordinal)] + names[i] : names[i];
                if (name.StartsWith("CancelAll__", StringComparison.Ordinal))
                {
                    rows.Add(name, defaults.Length == names.Count ? defaults[i] : defaults[0]);
                }
            }
        }

        return rows;
    }

    [Fact]
    public void Every_setting_is_in_the_table_and_every_name_in_the_table_is_a_setting()
    {
        var code = FromCode().Keys.Concat(ReadFromConfiguration).Order(StringComparer.Ordinal);
        var readme = FromReadme().Keys.Order(StringComparer.Ordinal);

        Assert.Equal(code, readme);
    }

    [Fact]
    public void Every_default_in_the_table_is_the_codes_default()
    {
        var code = FromCode();
        // Entries per account (AccountModes, Accounts) have a word for a default, not a value.
        foreach (var (name, cell) in FromReadme().Where(r => !r.Key.Contains("<account>", StringComparison.Ordinal)))
        {
            var actual = code[name];
            if (cell.StartsWith('`'))
            {
                var text = cell.Trim('`');
                Assert.True(actual is not null, $"{name}: README says {text}, the code has no default");
                var documented = TypeDescriptor.GetConverter(actual.GetType()).ConvertFromInvariantString(text);
                Assert.True(Equals(documented, actual), $"{name}: README says {text}, the code's default is {Convert.ToString(actual, CultureInfo.InvariantCulture)}");
            }
            else
            {
                // "none" or "required": the code has no default.
                Assert.True(actual is null or "", $"{name}: README says '{cell}', the code's default is {actual}");
            }
        }
    }
}
