using System.Collections.Concurrent;
using System.Net;

namespace CancelAll.TestExchange;

/// <summary>
/// Faults to inject on demand. Thread-safe; each queued fault is used once, by the next signed request, or, given a
/// <see cref="FaultTarget"/> (<c>at</c>), by the next signed request to that path (and method): requests to other paths
/// pass it by. Faults are taken in the order they were queued.
/// </summary>
public sealed partial class ExchangeFaults
{
    private readonly Lock gate = new();
    private readonly List<InjectedFault> queued = [];

    /// <summary>Added to the exchange's clock (server time and timestamp checks).</summary>
    public TimeSpan ClockSkew { get; set; }

    /// <summary>Delay before every signed request is answered.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Order ids that fail to cancel: they come back in failureList and stay open.</summary>
    public ConcurrentDictionary<string, string> FailingOrders { get; } = new();

    /// <summary>
    /// The next <paramref name="count"/> signed requests get this HTTP status and Bitget code instead of being handled.
    /// Without a code the answer is a bare gateway page (text/html), as a load balancer answers.
    /// </summary>
    public void FailNext(int count, HttpStatusCode status, string? code = null, string? message = null, FaultTarget? at = null) =>
        Enqueue(count, new InjectedFault(FaultKind.Status, status, code, message, TimeSpan.Zero, at));

    /// <summary>The next <paramref name="count"/> signed requests get a 200 with an HTML page instead of JSON.</summary>
    public void MalformedNext(int count, FaultTarget? at = null) => Enqueue(count, new InjectedFault(FaultKind.Html, HttpStatusCode.OK, null, null, TimeSpan.Zero, at));

    /// <summary>The next <paramref name="count"/> signed requests get a 200 with an empty body.</summary>
    public void EmptyNext(int count, FaultTarget? at = null) => Enqueue(count, new InjectedFault(FaultKind.Empty, HttpStatusCode.OK, null, null, TimeSpan.Zero, at));

    /// <summary>The next <paramref name="count"/> signed requests are answered normally, but only after <paramref name="hang"/>.</summary>
    public void HangNext(int count, TimeSpan hang, FaultTarget? at = null) => Enqueue(count, new InjectedFault(FaultKind.Hang, HttpStatusCode.OK, null, null, hang, at));

    /// <summary>
    /// The next <paramref name="count"/> signed requests get a 200 whose body (100 kB announced) arrives one byte every
    /// <paramref name="perByte"/>, until the client gives up: a stuck proxy that keeps the connection alive.
    /// </summary>
    public void TrickleNext(int count, TimeSpan perByte, FaultTarget? at = null) => Enqueue(count, new InjectedFault(FaultKind.Trickle, HttpStatusCode.OK, null, null, perByte, at));

    /// <summary>The next <paramref name="count"/> signed requests have their connection reset before any answer.</summary>
    public void ResetNext(int count, FaultTarget? at = null) => Enqueue(count, new InjectedFault(FaultKind.Reset, HttpStatusCode.OK, null, null, TimeSpan.Zero, at));

    /// <summary>The first queued fault meant for this request, removed from the queue; null when none is.</summary>
    internal InjectedFault? Take(string method, string path) => Take(f => f.AppliesTo(method, path));

    /// <summary>A status fault aimed at this very path (for the public clock read, which other faults leave alone).</summary>
    internal InjectedFault? TakeTargetedStatus(string method, string path) => Take(f => f.Kind == FaultKind.Status && f.Target is { } target && target.Matches(method, path));

    private InjectedFault? Take(Predicate<InjectedFault> applies)
    {
        lock (gate)
        {
            var index = queued.FindIndex(applies);
            if (index < 0)
            {
                return null;
            }

            var fault = queued[index];
            queued.RemoveAt(index);
            return fault;
        }
    }

    private void Enqueue(int count, InjectedFault fault)
    {
        lock (gate)
        {
            queued.AddRange(Enumerable.Repeat(fault, count));
        }
    }
}
