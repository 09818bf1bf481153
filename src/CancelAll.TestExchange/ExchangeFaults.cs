using System.Collections.Concurrent;
using System.Net;

namespace CancelAll.TestExchange;

/// <summary>Faults to inject on demand. Thread-safe; each queued fault is used once, by the next signed request.</summary>
public sealed partial class ExchangeFaults
{
    private readonly ConcurrentQueue<InjectedFault> queued = new();

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
    public void FailNext(int count, HttpStatusCode status, string? code = null, string? message = null) =>
        Enqueue(count, new InjectedFault(FaultKind.Status, status, code, message, TimeSpan.Zero));

    /// <summary>The next <paramref name="count"/> signed requests get a 200 with an HTML page instead of JSON.</summary>
    public void MalformedNext(int count) => Enqueue(count, new InjectedFault(FaultKind.Html, HttpStatusCode.OK, null, null, TimeSpan.Zero));

    /// <summary>The next <paramref name="count"/> signed requests get a 200 with an empty body.</summary>
    public void EmptyNext(int count) => Enqueue(count, new InjectedFault(FaultKind.Empty, HttpStatusCode.OK, null, null, TimeSpan.Zero));

    /// <summary>The next <paramref name="count"/> signed requests are answered normally, but only after <paramref name="hang"/>.</summary>
    public void HangNext(int count, TimeSpan hang) => Enqueue(count, new InjectedFault(FaultKind.Hang, HttpStatusCode.OK, null, null, hang));

    /// <summary>
    /// The next <paramref name="count"/> signed requests get a 200 whose body (100 kB announced) arrives one byte every
    /// <paramref name="perByte"/>, until the client gives up: a stuck proxy that keeps the connection alive.
    /// </summary>
    public void TrickleNext(int count, TimeSpan perByte) => Enqueue(count, new InjectedFault(FaultKind.Trickle, HttpStatusCode.OK, null, null, perByte));

    /// <summary>The next <paramref name="count"/> signed requests have their connection reset before any answer.</summary>
    public void ResetNext(int count) => Enqueue(count, new InjectedFault(FaultKind.Reset, HttpStatusCode.OK, null, null, TimeSpan.Zero));

    internal bool TryTake(out InjectedFault fault) => queued.TryDequeue(out fault!);

    private void Enqueue(int count, InjectedFault fault)
    {
        for (var i = 0; i < count; i++)
        {
            queued.Enqueue(fault);
        }
    }
}
