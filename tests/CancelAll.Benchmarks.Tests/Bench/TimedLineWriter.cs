using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace CancelAll.Benchmarks.Tests;

/// <summary>
/// Collects what the suite writes and stamps each line with the seconds since the writer was made, so that a slow run's
/// log says which row took the time.
/// </summary>
internal sealed class TimedLineWriter : TextWriter
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly StringBuilder lines = new();
    private readonly StringBuilder pending = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (lines)
        {
            if (value == '\n')
            {
                lines.Append(CultureInfo.InvariantCulture, $"[{clock.Elapsed.TotalSeconds,6:0.0} s] {pending.ToString().TrimEnd('\r')}\n");
                pending.Clear();
            }
            else
            {
                pending.Append(value);
            }
        }
    }

    public override string ToString()
    {
        lock (lines)
        {
            return lines.ToString() + pending;
        }
    }
}
