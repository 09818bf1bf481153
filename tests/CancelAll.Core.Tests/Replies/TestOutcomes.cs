using CancelAll.Core.Exchange;
using CancelAll.Core.Outcomes;

namespace CancelAll.Core.Tests.Replies;

/// <summary>Outcomes as the workflow and the triggers make them, for reply and telemetry tests.</summary>
public static class TestOutcomes
{
    public static readonly DateTimeOffset Started = new(2026, 11, 23, 14, 30, 0, TimeSpan.Zero);

    public static CancelOutcome Succeeded(string correlationId = "corr-succeeded", string source = "queue") => new(
        correlationId,
        source,
        "main",
        OutcomeStatus.Succeeded,
        "TradingView alert: daily loss limit",
        false,
        Started,
        Started.AddMilliseconds(412.5),
        [
            new TargetOutcome("USDT-FUTURES", null, "Live", OutcomeStatus.Succeeded, [new CancelledOrder("1001", "c-1"), new CancelledOrder("1002", null)], [], null, 2, 35.25, 180.4, Retries: 1),
        ],
        null);

    public static CancelOutcome PartiallyFailed(string correlationId = "corr-partial", string source = "http") => new(
        correlationId,
        source,
        "main",
        OutcomeStatus.PartiallyFailed,
        null,
        false,
        Started,
        Started.AddMilliseconds(950),
        [
            new TargetOutcome("USDT-FUTURES", "USDT", "Live", OutcomeStatus.PartiallyFailed, [new CancelledOrder("2001", "c-2")], [new FailedOrder("2002", "c-3", "22002", "order does not exist")], new OutcomeError(OutcomeErrorKind.OrdersNotCancelled, "22002", "1 order(s) could not be cancelled; see the failed list. Check them on the exchange."), 1, 0, 210),
            new TargetOutcome("COIN-FUTURES", "BTC", "Live", OutcomeStatus.Failed, [], [], new OutcomeError(OutcomeErrorKind.RateLimited, "429", "Bitget kept answering 'too many requests' after bounded back-off."), 4, 120, 700, Retries: 3),
        ],
        null);

    public static CancelOutcome Rejected(string correlationId = "corr-rejected", string source = "http") => new(
        correlationId,
        source,
        "main",
        OutcomeStatus.Rejected,
        null,
        false,
        Started,
        Started.AddMilliseconds(3),
        [],
        new OutcomeError(OutcomeErrorKind.BadInput, "productType", "productType 'BTCUSD' is not a Bitget futures product type: use USDT-FUTURES, COIN-FUTURES, USDC-FUTURES or all."));
}
