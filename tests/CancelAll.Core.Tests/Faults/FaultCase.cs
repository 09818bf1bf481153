using System.Net;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Tests.Credentials;
using CancelAll.Core.Tests.Support;

namespace CancelAll.Core.Tests.Faults;

/// <summary>Where a fault is injected.</summary>
internal enum FaultPlace
{
    Exchange,
    Vault,
    ReplyQueue,
}

/// <summary>What the queue trigger must decide for a fault.</summary>
internal enum QueueVerdict
{
    /// <summary>Completed on the first delivery.</summary>
    Complete,

    /// <summary>Handed back on the first delivery; dead-lettered on the last, after its failure reply was sent.</summary>
    RedeliverThenDeadLetter,

    /// <summary>Handed back because its reply was lost (the kill itself is done).</summary>
    RedeliverForTheReply,
}

/// <summary>
/// What one fault must come to, whatever the trigger, written out as literals (not read from the error table, so that
/// the matrix checks the table too).
/// </summary>
/// <param name="Status">The outcome's status.</param>
/// <param name="Error">The error kind of the target (and of the command, when <paramref name="CommandError"/>); null on success.</param>
/// <param name="Transient">The error's Transient flag (what the webhook's 503 and the queue's redelivery go by).</param>
/// <param name="Cancelled">Orders cancelled, over the target.</param>
/// <param name="Attempts">HTTP attempts to the exchange the target reports.</param>
/// <param name="LeftOpen">Orders still open on the test exchange afterwards.</param>
/// <param name="HttpStatus">The webhook's status.</param>
/// <param name="Queue">The queue's acknowledge decision.</param>
/// <param name="ExitCode">The CLI's exit code.</param>
/// <param name="CommandError">The failure is the command's (credentials), not only the target's.</param>
internal sealed record Expectation(
    OutcomeStatus Status,
    OutcomeErrorKind? Error,
    bool Transient,
    int Cancelled,
    int Attempts,
    int LeftOpen,
    int HttpStatus,
    QueueVerdict Queue,
    int ExitCode,
    bool CommandError = false);

/// <summary>One fault of the matrix: where it is, how it is injected into a fresh rig, and what it must come to.</summary>
internal sealed record FaultCase(string Name, FaultPlace Place, Action<FaultRig> Inject, Expectation Expected)
{
    /// <summary>The orders each case starts with.</summary>
    public const int OpenOrders = 3;

    /// <summary>Exchange retries per call in the matrix (so a persistent fault costs 3 attempts).</summary>
    public const int MaxRetries = 2;

    /// <summary>More faults than the client will ever try within a case: the fault persists.</summary>
    private const int Persistent = 100;

    private static readonly TimeSpan TricklePerByte = TimeSpan.FromMilliseconds(50);

    /// <summary>Every exchange fault is aimed at the kill's own request.</summary>
    private static readonly TestExchange.FaultTarget Cancel = FaultRig.CancelRequest;

    private static readonly Expectation KillThrough = new(OutcomeStatus.Succeeded, null, false, OpenOrders, 2, 0, 200, QueueVerdict.Complete, 0);

    private static readonly Expectation ReplyLost = new(OutcomeStatus.Succeeded, null, false, OpenOrders, 1, 0, 200, QueueVerdict.RedeliverForTheReply, 0);

    public static IReadOnlyList<FaultCase> All { get; } =
    [
        Once("408", r => r.Exchange.Faults.FailNext(1, HttpStatusCode.RequestTimeout, at: Cancel)),
        Always("408", r => r.Exchange.Faults.FailNext(Persistent, HttpStatusCode.RequestTimeout, at: Cancel), OutcomeErrorKind.ExchangeUnavailable),
        Once("429", r => r.Exchange.Faults.FailNext(1, HttpStatusCode.TooManyRequests, "429", "Too Many Requests", Cancel)),
        Always("429", r => r.Exchange.Faults.FailNext(Persistent, HttpStatusCode.TooManyRequests, "429", "Too Many Requests", Cancel), OutcomeErrorKind.RateLimited),
        Once("503", r => r.Exchange.Faults.FailNext(1, HttpStatusCode.ServiceUnavailable, at: Cancel)),
        Always("503", r => r.Exchange.Faults.FailNext(Persistent, HttpStatusCode.ServiceUnavailable, at: Cancel), OutcomeErrorKind.ExchangeUnavailable),
        Once("200 html", r => r.Exchange.Faults.MalformedNext(1, Cancel)),
        Always("200 html", r => r.Exchange.Faults.MalformedNext(Persistent, Cancel), OutcomeErrorKind.MalformedResponse),
        Once("200 empty", r => r.Exchange.Faults.EmptyNext(1, Cancel)),
        Always("200 empty", r => r.Exchange.Faults.EmptyNext(Persistent, Cancel), OutcomeErrorKind.MalformedResponse),
        Once("trickled body", r => r.Exchange.Faults.TrickleNext(1, TricklePerByte, Cancel)),
        Always("trickled body", r => r.Exchange.Faults.TrickleNext(Persistent, TricklePerByte, Cancel), OutcomeErrorKind.ExchangeUnavailable),
        Once("reset connection", r => r.Exchange.Faults.ResetNext(1, Cancel)),
        Always("reset connection", r => r.Exchange.Faults.ResetNext(Persistent, Cancel), OutcomeErrorKind.ExchangeUnavailable),

        Vault("403 forbidden", r => r.Vault!.Fail(FaultRig.ApiKeySecret, VaultFault.Forbidden), new(OutcomeStatus.Failed, OutcomeErrorKind.AccessDenied, false, 0, 0, OpenOrders, 422, QueueVerdict.Complete, 3, CommandError: true)),
        // No API key in the vault is an unknown account, as one missing from the configuration: the command is rejected
        // (400, completed, exit 2). A stored key missing its passphrase is the operator's to fix: failed, not retried.
        Vault("404 unknown account", r => r.ForgetVaultAccount(), new(OutcomeStatus.Rejected, OutcomeErrorKind.AccountNotConfigured, false, 0, 0, OpenOrders, 400, QueueVerdict.Complete, 2, CommandError: true)),
        Vault("404 secret missing", r => r.Vault!.DeleteSecret(FaultRig.PassphraseSecret), new(OutcomeStatus.Failed, OutcomeErrorKind.SecretMissing, false, 0, 0, OpenOrders, 422, QueueVerdict.Complete, 3, CommandError: true)),
        Vault("429 throttled", r => r.Vault!.Fail(FaultRig.ApiKeySecret, VaultFault.Throttled), new(OutcomeStatus.Failed, OutcomeErrorKind.VaultThrottled, true, 0, 0, OpenOrders, 503, QueueVerdict.RedeliverThenDeadLetter, 4, CommandError: true)),
        Vault("503 unavailable", r => r.Vault!.Fail(FaultRig.ApiKeySecret, VaultFault.Unavailable), new(OutcomeStatus.Failed, OutcomeErrorKind.VaultUnavailable, true, 0, 0, OpenOrders, 503, QueueVerdict.RedeliverThenDeadLetter, 4, CommandError: true)),
        Vault("timeout", r => r.Vault!.Fail(FaultRig.ApiKeySecret, VaultFault.Hang), new(OutcomeStatus.Failed, OutcomeErrorKind.Timeout, true, 0, 0, OpenOrders, 503, QueueVerdict.RedeliverThenDeadLetter, 4, CommandError: true)),

        new("reply queue 503", FaultPlace.ReplyQueue, r => r.ServiceBus.Fault = ServiceBusFault.Unavailable, ReplyLost),
        new("reply queue timeout", FaultPlace.ReplyQueue, r => r.ServiceBus.Fault = ServiceBusFault.Hang, ReplyLost),
    ];

    public static FaultCase Named(string name) => All.Single(c => c.Name == name);

    /// <summary>The cases for a trigger: the CLI sends no reply, so the reply queue's faults are not its.</summary>
    public static TheoryData<string> For(bool sendsReplies)
    {
        var data = new TheoryData<string>();
        foreach (var c in All.Where(c => sendsReplies || c.Place != FaultPlace.ReplyQueue))
        {
            data.Add(c.Name);
        }

        return data;
    }

    public override string ToString() => Name;

    /// <summary>A one-off exchange fault: the retry gets the kill through.</summary>
    private static FaultCase Once(string fault, Action<FaultRig> inject) => new($"exchange {fault} once", FaultPlace.Exchange, inject, KillThrough);

    /// <summary>A persistent exchange fault: the kill fails, transiently, and the orders stay open.</summary>
    private static FaultCase Always(string fault, Action<FaultRig> inject, OutcomeErrorKind kind) =>
        new($"exchange {fault} persistent", FaultPlace.Exchange, inject, new(OutcomeStatus.Failed, kind, true, 0, MaxRetries + 1, OpenOrders, 503, QueueVerdict.RedeliverThenDeadLetter, 4));

    private static FaultCase Vault(string fault, Action<FaultRig> inject, Expectation expected) => new($"vault {fault}", FaultPlace.Vault, inject, expected);
}
