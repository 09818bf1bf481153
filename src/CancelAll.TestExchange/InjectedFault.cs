using System.Net;

namespace CancelAll.TestExchange;

internal sealed record InjectedFault(HttpStatusCode Status, string? Code, string? Message, bool Malformed, TimeSpan Hang);
