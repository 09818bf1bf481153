namespace CancelAll.Core.Commands;

/// <summary>Where a command came from.</summary>
public enum CommandSource
{
    Http,
    Queue,
    Timer,
    Cli,
}
