using CancelAll.Core.Kill;

namespace CancelAll.Cli;

/// <summary>
/// One status line on standard error, rewritten in place as the targets go through their steps: how many targets are
/// done, and each running target's step with its done/total. Used only when standard error is a terminal.
/// </summary>
internal sealed class TerminalProgress(TextWriter error, int targetCount) : IProgress<KillProgress>
{
    private const string ClearLine = "\r\u001b[K";
    private readonly Dictionary<string, KillProgress> running = new(StringComparer.Ordinal);
    private int finished;

    public void Report(KillProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (running)
        {
            if (value.Step is null)
            {
                running.Remove(value.Target);
                finished++;
            }
            else
            {
                running[value.Target] = value;
            }

            var steps = string.Join("  ", running.Values.Select(p => $"{p.Target} {p.Step} ({p.Done + 1}/{p.Total})"));
            error.Write($"{ClearLine}[{finished}/{targetCount} targets done] {steps}");
            error.Flush();
        }
    }

    /// <summary>Removes the status line, so that what follows starts on a clean line.</summary>
    public void Clear()
    {
        lock (running)
        {
            error.Write(ClearLine);
            error.Flush();
        }
    }
}
