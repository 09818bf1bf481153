namespace CancelAll.Core.Exchange;

/// <summary>The values of the per-account mode setting: auto (detect), classic, uta.</summary>
internal static class AccountModeSettings
{
    public const string Auto = "auto";
    public const string Classic = "classic";
    public const string Uta = "uta";

    public static bool IsValid(string? value) =>
        value is not null && (Is(value, Auto) || Is(value, Classic) || Is(value, Uta));

    /// <summary>The mode a valid setting fixes, or null for auto.</summary>
    public static AccountMode? Parse(string value) =>
        Is(value, Classic) ? AccountMode.Classic : Is(value, Uta) ? AccountMode.Unified : null;

    private static bool Is(string value, string name) => string.Equals(value.Trim(), name, StringComparison.OrdinalIgnoreCase);
}
