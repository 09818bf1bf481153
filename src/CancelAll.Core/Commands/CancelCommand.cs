namespace CancelAll.Core.Commands;

/// <summary>Where a command came from.</summary>
public enum CommandSource
{
    Http,
    Queue,
    Timer,
    Cli,
}

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
    bool DryRun = false)
{
    public static string NewCorrelationId() => Guid.NewGuid().ToString("N");
}
