using System.Runtime.CompilerServices;

namespace CancelAll.Core.Tests.Loopback;

internal static class TelemetryEnvironment
{
    /// <summary>
    /// Before any Azure Monitor exporter is built: no statsbeat / SDK stats. Otherwise the exporter calls the Azure VM
    /// metadata address (169.254.169.254) and Microsoft's statsbeat endpoints; tests talk to 127.0.0.1 only.
    /// </summary>
#pragma warning disable CA2255 // A test assembly is the one place this must run before anything else.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void DisableExporterSelfTelemetry()
    {
        Environment.SetEnvironmentVariable("APPLICATIONINSIGHTS_SDKSTATS_DISABLED", "true");
        Environment.SetEnvironmentVariable("APPLICATIONINSIGHTS_STATSBEAT_DISABLED", "true");
        Environment.SetEnvironmentVariable("APPLICATIONINSIGHTS_SDKSTATS_DISABLED_ALL", "true");
    }
}
