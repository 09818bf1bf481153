using System.Collections.Concurrent;
using System.Net;

namespace CancelAll.TestExchange;

/// <summary>Faults to inject on demand. Thread-safe; each queued fault is used once.</summary>
public sealed partial class ExchangeFaults
{
    private readonly ConcurrentQueue<InjectedFault> queued = new();

    /// <summary>Added to the exchange's clock (server time and timestamp checks).</summary>
    public TimeSpan ClockSkew { get; set; }

    /// <summary>Delay before every signed request is answered.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Order ids that fail to cancel: they come back in failureList and stay open.</summary>
    public ConcurrentDictionary<string, string> FailingOrders { get; } = new();

    /// <summary>The next <paramref name="count"/> signed requests get this HTTP status and Bitget code instead of being handled.</summary>
    public void FailNext(int count, HttpStatusCode status, string? code = null, string? message = null)
    {
        for (var i = 0; i < count; i++)
        {
            queued.Enqueue(new InjectedFault(status, code, message, Malformed: false, Hang: TimeSpan.Zero));
        }
    }

    /// <summary>The next <paramref name="count"/> signed requests get a 200 with a body that is not JSON.</summary>
    public void MalformedNext(int count)
    {
        for (var i = 0; i < count; i++)
        {
            queued.Enqueue(new InjectedFault(HttpStatusCode.OK, null, null, Malformed: true, Hang: TimeSpan.Zero));
        }
    }

    /// <summary>The next <paramref name="count"/> signed requests are answered normally, but only after <paramref name="hang"/>.</summary>
    public void HangNext(int count, TimeSpan hang)
    {
        for (var i = 0; i < count; i++)
        {
            queued.Enqueue(new InjectedFault(HttpStatusCode.OK, null, null, Malformed: false, Hang: hang));
        }
    }

    internal bool TryTake(out InjectedFault fault) => queued.TryDequeue(out fault!);
}
