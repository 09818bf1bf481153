using System.Text.Json;
using CancelAll.Core.Commands;

namespace CancelAll.Core.DeadMan;

/// <summary>
/// One account a heartbeat may arm, and what a lapse cancels for it: its targets (product types, margin coin, demo),
/// and whether each heartbeat also refreshes Bitget's exchange-side countdown (UTA accounts with access only).
/// Example: <c>{"account":"main","productTypes":["USDT-FUTURES"],"exchangeCountdown":false}</c>.
/// </summary>
public sealed record DeadManAccount(string Account, IReadOnlyList<string> ProductTypes, string? MarginCoin, bool Demo, bool ExchangeCountdown)
{
    private const string Setting = DeadManOptions.Section + ":Accounts";

    /// <summary>Reads the accounts from their JSON setting. Every problem names the account and the field.</summary>
    public static IReadOnlyList<DeadManAccount> ParseAll(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new CommandValidationException("accounts", $"{Setting} is not valid JSON (line {e.LineNumber + 1}): give an array such as [{{\"account\":\"main\"}}].");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new CommandValidationException("accounts", $"{Setting} must be a JSON array such as [{{\"account\":\"main\"}}].");
            }

            var accounts = document.RootElement.EnumerateArray().Select(Read).ToList();
            if (accounts.GroupBy(a => a.Account, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                throw new CommandValidationException("accounts", $"{Setting} names account '{twice.Key}' more than once: keep one entry per account.");
            }

            return accounts;
        }
    }

    /// <summary>The lapse's targets, validated with the same parser every input uses.</summary>
    public IReadOnlyList<CancelTarget> Targets(IReadOnlyList<string> coinFuturesMarginCoins) =>
        TargetParser.Parse(ProductTypes, MarginCoin, Demo, coinFuturesMarginCoins);

    private static DeadManAccount Read(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new CommandValidationException("accounts", $"{Setting}: each entry must be an object such as {{\"account\":\"main\"}}.");
        }

        var name = Text(item, "account", "?");
        string account;
        try
        {
            account = CommandAccounts.Validate(name);
        }
        catch (CommandValidationException e)
        {
            throw new CommandValidationException("accounts", $"{Setting}: {e.Message}");
        }

        IReadOnlyList<string> productTypes = ["all"];
        if (item.TryGetProperty("productTypes", out var types) && types.ValueKind != JsonValueKind.Null)
        {
            if (types.ValueKind != JsonValueKind.Array || types.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String))
            {
                throw Problem(account, "productTypes", "must be a list of strings, such as [\"USDT-FUTURES\"]");
            }

            productTypes = [.. types.EnumerateArray().Select(t => t.GetString()!)];
        }

        var parsed = new DeadManAccount(account, productTypes, Text(item, "marginCoin", account), Flag(item, "demo", account), Flag(item, "exchangeCountdown", account));
        try
        {
            parsed.Targets(TargetParser.DefaultCoinFuturesMarginCoins);
        }
        catch (CommandValidationException e)
        {
            throw Problem(account, e.Field, e.Message);
        }

        return parsed;
    }

    private static string? Text(JsonElement item, string field, string account) =>
        !item.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw Problem(account, field, "must be a string");

    private static bool Flag(JsonElement item, string field, string account) =>
        !item.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null ? false
        : value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean()
        : throw Problem(account, field, "must be true or false");

    private static CommandValidationException Problem(string account, string field, string message) =>
        new("accounts", $"{Setting}, account '{account}', field {field}: {message}.");
}
