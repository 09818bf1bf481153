namespace CancelAll.Cli;

/// <summary>
/// A request to stop, from Ctrl-C (SIGINT) or SIGTERM: the kill finishes the steps under way, starts no new ones and
/// prints the outcome so far; the CLI then exits with the signal's conventional code (130, 143).
/// </summary>
internal sealed class CliInterruption : IDisposable
{
    public const int SigIntExitCode = 130;
    public const int SigTermExitCode = 143;

    private readonly CancellationTokenSource stop = new();
    private int exitCode;

    /// <summary>Cancelled on the first request: stop starting steps.</summary>
    public CancellationToken StopStartingSteps => stop.Token;

    /// <summary>The exit code of the first request, or null when nobody asked to stop.</summary>
    public int? ExitCode => Volatile.Read(ref exitCode) is var code and not 0 ? code : null;

    /// <summary>Asks the run to stop. True the first time; false when a stop was asked already (the caller then exits at once).</summary>
    public bool Request(int signalExitCode)
    {
        if (Interlocked.CompareExchange(ref exitCode, signalExitCode, 0) != 0)
        {
            return false;
        }

        stop.Cancel();
        return true;
    }

    public void Dispose() => stop.Dispose();
}
