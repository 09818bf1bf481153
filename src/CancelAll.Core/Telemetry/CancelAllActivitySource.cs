using System.Diagnostics;

namespace CancelAll.Core.Telemetry;

/// <summary>The core's one ActivitySource. A static instance is the .NET convention: listeners decide what is recorded.</summary>
internal static class CancelAllActivitySource
{
    public static readonly ActivitySource Instance = new(CancelAllTelemetry.SourceName);
}
