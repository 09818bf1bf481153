using System.Globalization;
using System.Text.Json;
using CancelAll.Core.Commands;
using CancelAll.Core.Input;

namespace CancelAll.Core.DeadMan;

/// <summary>
/// A heartbeat: <c>{"account":"main","timeoutSeconds":60,"scope":"flatten"}</c>, plus <c>"disarm":true</c> when the bot
/// stops on purpose. The secret may ride in the body (<c>secret</c>), as for webhooks; it is never recorded.
/// </summary>
public sealed record HeartbeatBody(string? Account, int? TimeoutSeconds, CancelScope? Scope, bool Disarm, string? Secret)
{
    /// <summary>A heartbeat is small; anything longer is refused unread.</summary>
    public const int MaxBytes = 4096;

    /// <summary>Reads the body. Throws <see cref="CommandValidationException"/> naming the field.</summary>
    public static HeartbeatBody Read(string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw new CommandValidationException("body", "The body must be a JSON object such as {\"account\":\"main\",\"timeoutSeconds\":60}.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new CommandValidationException("body", "The body must be a JSON object such as {\"account\":\"main\",\"timeoutSeconds\":60}.");
            }

            return new HeartbeatBody(
                Text(root, "account"),
                Seconds(root),
                CommandJson.Scope(Text(root, "scope"), "scope"),
                Flag(root, "disarm"),
                Text(root, "secret"));
        }
    }

    private static string? Text(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw new CommandValidationException(name, $"{name} must be a string.");

    private static bool Flag(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? false
        : value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean()
        : value.ValueKind == JsonValueKind.String ? CommandJson.Bool(value.GetString(), name) ?? false
        : throw new CommandValidationException(name, $"{name} must be true or false.");

    private static int? Seconds(JsonElement root)
    {
        const string field = "timeoutSeconds";
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            return number;
        }

        if (value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        throw new CommandValidationException(field, $"{field} must be a whole number of seconds, such as 60.");
    }
}
