using System.Globalization;
using System.Text.Json;
using CancelAll.Core.Commands;

namespace CancelAll.Core.Input.Schedule;

/// <summary>
/// One scheduled flattening: for each account, cancel the targets at a local session end, in an IANA time zone,
/// on the given weekdays. Example: main, all product types, 16:00 America/New_York, Mon-Fri.
/// A dry-run job (<c>"dryRun": true</c>) runs on schedule and records what it would do, but sends nothing.
/// A job with <c>holdMinutes</c> keeps the accounts flat that long after the session end (README, Hold flat).
/// </summary>
internal sealed record FlattenJob(
    string Name,
    IReadOnlyList<string> Accounts,
    IReadOnlyList<string> ProductTypes,
    string? MarginCoin,
    bool Demo,
    CancelScope Scope,
    TimeOnly SessionEnd,
    TimeZoneInfo TimeZone,
    IReadOnlySet<DayOfWeek> Days,
    bool DryRun = false,
    int? HoldMinutes = null)
{
    private static readonly DayOfWeek[] Week = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    /// <summary>
    /// The UTC instant of the session end on a local date, or null when the job does not run that day.
    /// A local time skipped by a spring-forward change is moved forward by the gap; a time that occurs twice in autumn
    /// is taken at its first occurrence. Either way there is exactly one instant per session.
    /// </summary>
    public DateTimeOffset? SessionEndOn(DateOnly localDate)
    {
        if (!Days.Contains(localDate.DayOfWeek))
        {
            return null;
        }

        var local = localDate.ToDateTime(SessionEnd, DateTimeKind.Unspecified);
        if (TimeZone.IsInvalidTime(local))
        {
            var rule = TimeZone.GetAdjustmentRules().FirstOrDefault(r => r.DateStart <= local && r.DateEnd >= local);
            local = local.Add(rule?.DaylightDelta ?? TimeSpan.FromHours(1));
        }

        var offset = TimeZone.IsAmbiguousTime(local)
            ? TimeZone.GetAmbiguousTimeOffsets(local).Max()
            : TimeZone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>Reads the jobs from their JSON setting. Every problem names the job and the field.</summary>
    public static IReadOnlyList<FlattenJob> ParseAll(string json, string setting = "CancelAll:Schedule:Jobs")
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
            throw new CommandValidationException(setting, $"{setting} is not valid JSON (line {e.LineNumber + 1}): give a JSON array of jobs.");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new CommandValidationException(setting, $"{setting} must be a JSON array of jobs.");
            }

            var jobs = document.RootElement.EnumerateArray().Select((e, i) => Parse(e, i, setting)).ToList();
            var duplicate = jobs.GroupBy(j => j.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            return duplicate is null ? jobs : throw new CommandValidationException(setting, $"{setting}: job name '{duplicate.Key}' is used twice; names must be unique.");
        }
    }

    private static FlattenJob Parse(JsonElement job, int index, string setting)
    {
        var name = Text(job, "name") ?? $"#{index + 1}";
        CommandValidationException Bad(string field, string problem) => new($"{setting}[{index}].{field}", $"{setting}: job '{name}', field {field}: {problem}");

        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') || name.Length > 40)
        {
            throw Bad("name", "use up to 40 letters, digits, '-' or '_'.");
        }

        var accounts = List(job, "accounts") ?? (Text(job, "account") is { } one ? [one] : null);
        if (accounts is not { Count: > 0 })
        {
            throw Bad("accounts", "list at least one account, such as [\"main\"].");
        }

        foreach (var account in accounts)
        {
            if (!Credentials.AccountNames.IsValid(account))
            {
                throw Bad("accounts", $"'{CancelTarget.Printable(account)}' is not a valid account name (lower-case letters, digits, single dashes).");
            }
        }

        var productTypes = List(job, "productTypes") ?? ["all"];
        var marginCoin = Text(job, "marginCoin");
        var demo = job.TryGetProperty("demo", out var d) && d.ValueKind == JsonValueKind.True;
        try
        {
            TargetParser.Parse(productTypes, marginCoin, demo);
        }
        catch (CommandValidationException e)
        {
            throw Bad(e.Field, e.Message);
        }

        CancelScope scope;
        try
        {
            scope = CommandJson.Scope(Text(job, "scope"), "scope") ?? CancelScope.Orders;
        }
        catch (CommandValidationException e)
        {
            throw Bad("scope", e.Message);
        }

        if (!TimeOnly.TryParseExact(Text(job, "sessionEnd") ?? string.Empty, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var sessionEnd))
        {
            throw Bad("sessionEnd", "give the local session end as HH:mm, such as 16:00.");
        }

        var zoneId = Text(job, "timeZone");
        if (zoneId is null || !TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone))
        {
            throw Bad("timeZone", $"'{CancelTarget.Printable(zoneId ?? string.Empty)}' is not a known IANA time zone, such as America/New_York.");
        }

        var days = ParseDays(Text(job, "days") ?? "Mon-Fri") ?? throw Bad("days", "use Mon-Fri, Sun-Thu, Mon,Wed,Fri or daily.");
        var dryRun = false;
        if (job.TryGetProperty("dryRun", out var dry))
        {
            dryRun = dry.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Bad("dryRun", "use true (preview: send nothing) or false (live)."),
            };
        }

        int? holdMinutes = null;
        if (job.TryGetProperty("holdMinutes", out var hold) && hold.ValueKind != JsonValueKind.Null)
        {
            if (!(hold.ValueKind == JsonValueKind.Number && hold.TryGetInt32(out var minutes) && minutes is >= 1 and <= CancelCommand.MaxHoldMinutes))
            {
                throw Bad("holdMinutes", $"{CancelTarget.Printable(hold.GetRawText())} is not a hold length: give a whole number of minutes from 1 to {CancelCommand.MaxHoldMinutes} (the cap), or leave the field out.");
            }

            if (dryRun)
            {
                throw Bad("holdMinutes", "a dry-run job cannot hold (a hold cancels for real every interval): leave out holdMinutes, or arm the job with \"dryRun\": false.");
            }

            holdMinutes = minutes;
        }

        return new FlattenJob(name, accounts, productTypes, marginCoin, demo, scope, sessionEnd, zone, days, dryRun, holdMinutes);
    }

    private static HashSet<DayOfWeek>? ParseDays(string text)
    {
        if (text.Trim().Equals("daily", StringComparison.OrdinalIgnoreCase))
        {
            return [.. Week];
        }

        var days = new HashSet<DayOfWeek>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var range = part.Split('-', StringSplitOptions.TrimEntries);
            if (range.Length > 2 || Day(range[0]) is not { } from || Day(range[^1]) is not { } to)
            {
                return null;
            }

            // A range wraps around the week: Sun-Thu is Sunday to Thursday.
            for (var i = Array.IndexOf(Week, from); ; i = (i + 1) % 7)
            {
                days.Add(Week[i]);
                if (Week[i] == to)
                {
                    break;
                }
            }
        }

        return days.Count > 0 ? days : null;
    }

    private static DayOfWeek? Day(string text) =>
        Week.Cast<DayOfWeek?>().FirstOrDefault(d => d.ToString()!.StartsWith(text, StringComparison.OrdinalIgnoreCase) && text.Length >= 3);

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static List<string>? List(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)]
            : null;
}
