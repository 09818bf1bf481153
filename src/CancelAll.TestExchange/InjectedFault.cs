using System.Net;

namespace CancelAll.TestExchange;

internal sealed record InjectedFault(FaultKind Kind, HttpStatusCode Status, string? Code, string? Message, TimeSpan Duration);
