using System.Runtime.CompilerServices;

namespace CancelAll.Functions.Tests.Support;

/// <summary>
/// The Azure Monitor exporter's self-telemetry calls the Azure VM metadata address unless switched off before any
/// exporter is built. Tests talk to 127.0.0.1 only.
/// </summary>
internal static class TelemetryEnvironment
{
#pragma warning disable CA2255 // A module initializer is the one place that runs before any test builds an exporter.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void DisableExporterSelfTelemetry()
    {
        Environment.SetEnvironmentVariable("APPLICATIONINSIGHTS_SDKSTATS_DISABLED", "true");
        Environment.SetEnvironmentVariable("APPLICATIONINSIGHTS_STATSBEAT_DISABLED", "true");
        Environment.SetEnvironmentVariable("APPLICATIONINSIGHTS_SDKSTATS_DISABLED_ALL", "true");
    }
}
