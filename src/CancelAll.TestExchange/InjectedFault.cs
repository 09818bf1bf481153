using System.Net;

namespace CancelAll.TestExchange;

/// <summary>One queued fault; <paramref name="Target"/> null: the next signed request takes it, whatever it is.</summary>
internal sealed record InjectedFault(FaultKind Kind, HttpStatusCode Status, string? Code, string? Message, TimeSpan Duration, FaultTarget? Target)
{
    public bool AppliesTo(string method, string path) => Target is null || Target.Matches(method, path);
}
