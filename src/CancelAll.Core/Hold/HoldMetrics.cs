using System.Diagnostics;
using System.Diagnostics.Metrics;
using CancelAll.Core.Telemetry;

namespace CancelAll.Core.Hold;

/// <summary>
/// Counts hold repeats by result on the <c>CancelAll</c> meter: <c>nothing</c> (checked, nothing open: recorded only
/// here and in a Debug line), <c>outcome</c> (found something: also an outcome of its own), <c>duplicate</c> (the slot
/// was claimed already: no exchange call), <c>ended</c> (released or over: the chain stops).
/// </summary>
public sealed class HoldMetrics
{
    public const string Repeats = "cancelall.hold.repeats";

    private readonly Counter<long> repeats;

    public HoldMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        repeats = meterFactory.Create(CancelAllTelemetry.SourceName).CreateCounter<long>(Repeats, "{repeat}", "Hold repeats by result.");
    }

    internal void Record(string result, string account) =>
        repeats.Add(1, new TagList { { "result", result }, { CancelAllTelemetry.Tags.Account, account } });
}
