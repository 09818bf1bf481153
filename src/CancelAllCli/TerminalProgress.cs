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
    private string status = string.Empty;

    /// <summary>Standard error for everything else (logs): each line goes above the status line, which is then drawn again.</summary>
    public TextWriter Above => new AboveWriter(this);

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
            status = $"[{finished}/{targetCount} targets done] {steps}";
            error.Write(ClearLine + status);
            error.Flush();
        }
    }

    /// <summary>Removes the status line, so that what follows starts on a clean line.</summary>
    public void Clear()
    {
        lock (running)
        {
            status = string.Empty;
            error.Write(ClearLine);
            error.Flush();
        }
    }

    private void WriteLineAbove(string? line)
    {
        lock (running)
        {
            error.Write(ClearLine);
            error.WriteLine(line);
            error.Write(status);
            error.Flush();
        }
    }

    private sealed class AboveWriter(TerminalProgress progress) : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void WriteLine(string? value) => progress.WriteLineAbove(value);

        public override void Write(char value) => progress.WriteLineAbove(value.ToString());
    }
}
