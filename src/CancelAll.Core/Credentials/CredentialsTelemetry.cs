using System.Diagnostics;

namespace CancelAll.Core.Credentials;

/// <summary>Trace spans for credential reads. The Azure SDK adds its own dependency spans under them.</summary>
internal static class CredentialsTelemetry
{
    public const string ActivitySourceName = "CancelAll";

    internal static readonly ActivitySource Source = new(ActivitySourceName);
}
