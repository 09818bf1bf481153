namespace CancelAll.Core.Commands;

/// <summary>
/// A validated request to cancel: one account, one or more targets, and why. Every trigger builds one of these;
/// one workflow turns it into an outcome.
/// </summary>
public sealed record CancelCommand(
    string Account,
    IReadOnlyList<CancelTarget> Targets,
    CommandSource Source,
    string CorrelationId,
    string? Reason = null,
    bool DryRun = false,
    CancelScope Scope = CancelScope.Orders,
    bool? Verify = null,
    int? HoldMinutes = null)
{
    /// <summary>The longest hold flat a command may ask for: four hours (README, "Hold flat").</summary>
    public const int MaxHoldMinutes = 240;

    /// <summary>Verification is on by default for flatten, off otherwise, unless the command says.</summary>
    public bool ShouldVerify => Verify ?? Scope == CancelScope.Flatten;

    public static string NewCorrelationId() => Guid.NewGuid().ToString("N");
}
