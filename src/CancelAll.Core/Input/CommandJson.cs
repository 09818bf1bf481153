using System.Text.Json;
using CancelAll.Core.Commands;

namespace CancelAll.Core.Input;

/// <summary>
/// Reads the plain JSON command (schema <c>cancel-all.command/v1</c>, documented in README) field by field, so that
/// every wrong field gets a message that names it. Unknown fields are ignored: alert templates carry extra data.
/// </summary>
public static class CommandJson
{
    public const int CurrentVersion = 1;

    /// <summary>Every field of the plain JSON command, by its canonical spelling.</summary>
    public static readonly FieldNames Command = new(
        "version", "account", "productTypes", "productType", "marginCoin", "demo", "scope", "verify", "dryRun", "reason", "correlationId", "secret", "holdMinutes", "release");

    /// <summary>
    /// The fields an alert label may set. Not <c>release</c>: an alert never ends a hold (README, Hold flat), and
    /// <c>release</c> is a common label of its own (Helm charts put the release's name on every series).
    /// </summary>
    public static readonly FieldNames Labels = new("account", "productTypes", "productType", "marginCoin", "demo", "scope", "verify", "dryRun", "holdMinutes");

    /// <summary>The fields an alert annotation may set: the hold's length, which is not part of the alert's identity.</summary>
    public static readonly FieldNames Annotations = new("holdMinutes");

    /// <summary>The command fields read at the top level of an alert notification (its version and status are the notification's own).</summary>
    public static readonly FieldNames TopLevelOfAlert = Labels;

    /// <summary>Reads the command fields of a JSON object. Also returns the <c>secret</c> field, which is never recorded.</summary>
    public static (CommandFields Fields, string? Secret) Read(JsonElement root) => Read(root, Command);

    /// <summary>
    /// Reads the <paramref name="known"/> fields of a JSON object. A field is found whatever its case, dashes or
    /// underscores (<c>dry_run</c>, <c>DryRun</c>), so that a misspelt dryRun is never silently ignored; two spellings
    /// of one field are refused. Other fields are ignored.
    /// </summary>
    public static (CommandFields Fields, string? Secret) Read(JsonElement root, FieldNames known)
    {
        ArgumentNullException.ThrowIfNull(known);
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new CommandValidationException("body", "The body must be a JSON object, such as {\"account\":\"main\",\"productTypes\":[\"USDT-FUTURES\"]}.");
        }

        var fields = Collect(root, known);
        if (fields.TryGetValue("version", out var version) && !(version.ValueKind == JsonValueKind.Number && version.TryGetInt32(out var v) && v == CurrentVersion)
            && !(version.ValueKind == JsonValueKind.String && version.GetString() == "1"))
        {
            throw new CommandValidationException("version", $"version {Show(version)} is not supported: this service reads command version {CurrentVersion}.");
        }

        var read = new CommandFields
        {
            Account = String(fields, "account"),
            ProductTypes = ProductTypes(fields),
            MarginCoin = String(fields, "marginCoin"),
            Demo = Bool(fields, "demo"),
            Scope = Scope(String(fields, "scope"), "scope"),
            Verify = Bool(fields, "verify"),
            DryRun = Bool(fields, "dryRun"),
            Reason = String(fields, "reason"),
            CorrelationId = String(fields, "correlationId"),
            HoldMinutes = HoldMinutes(fields),
            Release = Release(fields),
        };
        return (read, String(fields, "secret"));
    }

    /// <summary>True when free text names a dry run in any spelling (dryRun, dry_run, dry-run, "dry run").</summary>
    public static bool MentionsDryRun(string text) => FieldNames.Squeeze(text).Contains("dryrun", StringComparison.Ordinal);

    private static Dictionary<string, JsonElement> Collect(JsonElement root, FieldNames known)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var spelt = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (known.Canonical(property.Name) is not { } name)
            {
                continue;
            }

            if (!spelt.TryAdd(name, property.Name))
            {
                throw new CommandValidationException(name, $"{name} is given twice (as '{CancelTarget.Printable(spelt[name])}' and '{CancelTarget.Printable(property.Name)}'): keep one.");
            }

            fields[name] = property.Value;
        }

        return fields;
    }

    /// <summary>Parses a whole JSON text (a leading byte-order mark allowed) as a command. Bad JSON, or a field given twice, is a validation error that says where it broke.</summary>
    public static (CommandFields Fields, string? Secret) Parse(string json)
    {
        try
        {
            ArgumentNullException.ThrowIfNull(json);
            using var document = JsonDocument.Parse(json.Trim().TrimStart('\uFEFF'), new JsonDocumentOptions { AllowDuplicateProperties = false });
            return Read(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new CommandValidationException("body", $"The body is not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}).");
        }
    }

    public static CancelScope? Scope(string? value, string field) => value?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "orders" => CancelScope.Orders,
        "entries" => CancelScope.Entries,
        "flatten" => CancelScope.Flatten,
        _ => throw new CommandValidationException(field, $"{field} '{CancelTarget.Printable(value)}' is not a scope: use orders, entries or flatten."),
    };

    public static bool? Bool(string? value, string field) => value?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => throw new CommandValidationException(field, $"{field} '{CancelTarget.Printable(value)}' is not true or false."),
    };

    private static string? String(Dictionary<string, JsonElement> fields, string name)
    {
        if (!fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new CommandValidationException(name, $"{name} must be a string, not {value.ValueKind.ToString().ToLowerInvariant()}.");
    }

    private static bool? Bool(Dictionary<string, JsonElement> fields, string name)
    {
        if (!fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String => Bool(value.GetString(), name),
            _ => throw new CommandValidationException(name, $"{name} must be true or false."),
        };
    }

    private static string[]? ProductTypes(Dictionary<string, JsonElement> fields)
    {
        if (fields.TryGetValue("productTypes", out var list) && list.ValueKind != JsonValueKind.Null)
        {
            if (list.ValueKind == JsonValueKind.String)
            {
                return [list.GetString()!];
            }

            if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
            {
                throw new CommandValidationException("productTypes", "productTypes must be a list of strings, such as [\"USDT-FUTURES\", \"COIN-FUTURES:BTC\"].");
            }

            return [.. list.EnumerateArray().Select(e => e.GetString()!)];
        }

        return String(fields, "productType") is { } single ? [single] : null;
    }

    /// <summary>
    /// A <c>holdMinutes</c> given as text (a label, an annotation, the query): a whole number, else a validation error
    /// naming the field and the cap. The range is checked with the other fields (<see cref="CommandFields.ToCommand"/>).
    /// </summary>
    public static int? HoldMinutes(string? value)
    {
        if (value is null)
        {
            return null;
        }

        return int.TryParse(value.Trim(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var minutes)
            ? minutes
            : throw new CommandValidationException("holdMinutes", CommandFields.HoldMinutesProblem($"'{CancelTarget.Printable(value)}'"));
    }

    private static int? HoldMinutes(Dictionary<string, JsonElement> fields)
    {
        if (!fields.TryGetValue("holdMinutes", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var minutes))
        {
            return minutes;
        }

        return value.ValueKind == JsonValueKind.String
            ? HoldMinutes(value.GetString())
            : throw new CommandValidationException("holdMinutes", CommandFields.HoldMinutesProblem(Show(value)));
    }

    private static string? Release(Dictionary<string, JsonElement> fields)
    {
        if (!fields.TryGetValue("release", out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.False)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => CommandFields.ReleaseAll,
            JsonValueKind.String => CommandFields.ValidHoldId(value.GetString()!.Trim()),
            _ => CommandFields.ValidHoldId(string.Empty),
        };
    }

    private static string Show(JsonElement value) => CancelTarget.Printable(value.GetRawText());
}
