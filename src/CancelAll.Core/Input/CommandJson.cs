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

    /// <summary>Reads the command fields of a JSON object. Also returns the <c>secret</c> field, which is never recorded.</summary>
    public static (CommandFields Fields, string? Secret) Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new CommandValidationException("body", "The body must be a JSON object, such as {\"account\":\"main\",\"productTypes\":[\"USDT-FUTURES\"]}.");
        }

        if (root.TryGetProperty("version", out var version) && !(version.ValueKind == JsonValueKind.Number && version.TryGetInt32(out var v) && v == CurrentVersion)
            && !(version.ValueKind == JsonValueKind.String && version.GetString() == "1"))
        {
            throw new CommandValidationException("version", $"version {Show(version)} is not supported: this service reads command version {CurrentVersion}.");
        }

        var fields = new CommandFields
        {
            Account = String(root, "account"),
            ProductTypes = ProductTypes(root),
            MarginCoin = String(root, "marginCoin"),
            Demo = Bool(root, "demo"),
            Scope = Scope(String(root, "scope"), "scope"),
            Verify = Bool(root, "verify"),
            DryRun = Bool(root, "dryRun"),
            Reason = String(root, "reason"),
            CorrelationId = String(root, "correlationId"),
        };
        return (fields, String(root, "secret"));
    }

    /// <summary>Parses a whole JSON text as a command. Bad JSON is a validation error that says where it broke.</summary>
    public static (CommandFields Fields, string? Secret) Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
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

    private static string? String(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new CommandValidationException(name, $"{name} must be a string, not {value.ValueKind.ToString().ToLowerInvariant()}.");
    }

    private static bool? Bool(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
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

    private static string[]? ProductTypes(JsonElement root)
    {
        if (root.TryGetProperty("productTypes", out var list) && list.ValueKind != JsonValueKind.Null)
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

        return String(root, "productType") is { } single ? [single] : null;
    }

    private static string Show(JsonElement value) => CancelTarget.Printable(value.GetRawText());
}
