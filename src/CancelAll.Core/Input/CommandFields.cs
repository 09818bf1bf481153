using CancelAll.Core.Commands;

namespace CancelAll.Core.Input;

/// <summary>
/// The fields a caller may set, each optional, as they arrive from one source (configured defaults, query,
/// JSON body, alert labels). Sources are layered with <see cref="Over"/>: a later source wins field by field.
/// </summary>
public sealed record CommandFields
{
    public string? Account { get; init; }

    public IReadOnlyList<string>? ProductTypes { get; init; }

    public string? MarginCoin { get; init; }

    public bool? Demo { get; init; }

    public CancelScope? Scope { get; init; }

    public bool? Verify { get; init; }

    public bool? DryRun { get; init; }

    public string? Reason { get; init; }

    public string? CorrelationId { get; init; }

    /// <summary>Minutes to hold the account flat after the kill (1 to <see cref="CancelCommand.MaxHoldMinutes"/>).</summary>
    public int? HoldMinutes { get; init; }

    /// <summary>Ends holds instead of cancelling: a hold id, or <see cref="ReleaseAll"/> for the account's holds.</summary>
    public string? Release { get; init; }

    /// <summary>The <see cref="Release"/> value of <c>"release": true</c>: every hold of the account (and the targets, if given).</summary>
    public const string ReleaseAll = "*";

    /// <summary>
    /// This layer's values where set, the lower layer's elsewhere; except that a dry run asked for by either layer
    /// stays a dry run: no source can turn another source's <c>dryRun: true</c> into a live cancel.
    /// </summary>
    public CommandFields Over(CommandFields lower)
    {
        ArgumentNullException.ThrowIfNull(lower);
        return new CommandFields
        {
            Account = Account ?? lower.Account,
            ProductTypes = ProductTypes ?? lower.ProductTypes,
            MarginCoin = MarginCoin ?? lower.MarginCoin,
            Demo = Demo ?? lower.Demo,
            Scope = Scope ?? lower.Scope,
            Verify = Verify ?? lower.Verify,
            DryRun = DryRun == true || lower.DryRun == true ? true : DryRun ?? lower.DryRun,
            Reason = Reason ?? lower.Reason,
            CorrelationId = CorrelationId ?? lower.CorrelationId,
            HoldMinutes = HoldMinutes ?? lower.HoldMinutes,
            Release = Release ?? lower.Release,
        };
    }

    /// <summary>Validates the merged fields into a command. Throws <see cref="CommandValidationException"/> naming the field.</summary>
    public CancelCommand ToCommand(CommandSource source, string fallbackCorrelationId, IReadOnlyList<string>? coinFuturesMarginCoins = null)
    {
        var account = CommandAccounts.Validate(Account);
        var targets = TargetParser.Parse(ProductTypes ?? ["all"], MarginCoin, Demo ?? false, coinFuturesMarginCoins);
        var correlationId = CorrelationId is null ? fallbackCorrelationId : ValidCorrelationId(CorrelationId);
        if (HoldMinutes is { } hold && DryRun == true)
        {
            throw new CommandValidationException("holdMinutes", $"holdMinutes {hold} cannot be combined with a dry run: a hold cancels for real. Leave out holdMinutes, or dryRun.");
        }

        return new CancelCommand(account, targets, source, correlationId, Clean(Reason), DryRun ?? false, Scope ?? CancelScope.Orders, Verify, ValidHoldMinutes(HoldMinutes));
    }

    /// <summary>A hold id to release (the correlation id of the command that started the hold), checked like a correlation id.</summary>
    public static string ValidHoldId(string value) =>
        value.Length is > 0 and <= 128 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':')
            ? value
            : throw new CommandValidationException("release", "release must be a hold id (the correlationId of the command that started the hold: 1-128 letters, digits, '-', '_', '.' or ':'), or true to release every hold of the account.");

    private static int? ValidHoldMinutes(int? minutes) => minutes switch
    {
        null => null,
        >= 1 and <= CancelCommand.MaxHoldMinutes => minutes,
        _ => throw new CommandValidationException("holdMinutes", HoldMinutesProblem(minutes.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))),
    };

    internal static string HoldMinutesProblem(string given) =>
        $"holdMinutes {given} is out of range: give a whole number of minutes from 1 to {CancelCommand.MaxHoldMinutes} (the cap; send the command again to hold longer).";

    private static string ValidCorrelationId(string value) =>
        value.Length is > 0 and <= 128 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':')
            ? value
            : throw new CommandValidationException("correlationId", "correlationId must be 1-128 letters, digits, '-', '_', '.' or ':'.");

    // Reasons are free text from alert sources: keep them printable and short.
    private static string? Clean(string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? null : new string(reason.Where(c => !char.IsControl(c)).Take(500).ToArray()).Trim();
}
