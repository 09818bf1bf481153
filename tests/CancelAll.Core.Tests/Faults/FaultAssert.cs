using System.Text.Json.Nodes;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Telemetry;
using CancelAll.Core.Tests.Contract;
using CancelAll.Core.Tests.Support;

namespace CancelAll.Core.Tests.Faults;

/// <summary>What every trigger's record of a fault case must say, and what must be left on the exchange.</summary>
internal static class FaultAssert
{
    /// <summary>The cancel-all.outcome/v2 document: valid against the schema, and exactly the expected status, error, counts and remaining.</summary>
    public static JsonNode Document(string json, FaultCase fault, string source)
    {
        var document = OutcomeSchema.AssertValid(json);
        var expected = fault.Expected;
        var target = Assert.Single(document["targets"]!.AsArray())!;
        Assert.Equal(source, document.Text("source"));
        Assert.Equal(expected.Status.ToString(), document.Text("status"));
        Assert.Equal(expected.Cancelled, document["cancelledCount"]!.GetValue<int>());
        Assert.Equal(0, document["failedCount"]!.GetValue<int>());
        Assert.Equal(expected.Cancelled, target["cancelled"]!.AsArray().Count);
        Assert.Equal(expected.Attempts, target["attempts"]!.GetValue<int>());

        // Scope orders without verify: nothing was listed afterwards, and the record must not claim it was.
        Assert.Null(document["remainingCount"]);
        Assert.Null(target["remaining"]);
        var error = expected.Error is { } failed ? $"; error {failed}" : string.Empty;
        var headline = expected.Status == OutcomeStatus.Rejected
            ? $"Rejected, nothing was sent: {expected.Error}"
            : $"{expected.Status}: {expected.Cancelled} cancelled, 0 failed, not verified{error}";
        Assert.Equal(headline, document.Text("headline"));

        Assert.Equal(expected.Error?.ToString(), target["error"]?.Text("kind"));
        Assert.Equal(expected.CommandError ? expected.Error?.ToString() : null, document["error"]?.Text("kind"));
        if (expected.Error is { } kind)
        {
            Assert.Equal(OutcomeErrorKinds.Handling(kind).Hint, target["error"]!.Text("hint"));
            Assert.Equal(expected.Status.ToString(), target.Text("status"));
        }

        return document;
    }

    /// <summary>The outcome record behind the document: status, error kind and its Transient flag.</summary>
    public static void Outcome(CancelOutcome outcome, FaultCase fault)
    {
        var expected = fault.Expected;
        Assert.Equal(expected.Status, outcome.Status);
        var target = Assert.Single(outcome.Targets);
        Assert.Equal(expected.Error, target.Error?.Kind);
        Assert.Equal(expected.Transient, target.Error?.Transient ?? false);
        Assert.Equal(expected.Cancelled, outcome.CancelledCount);
    }

    /// <summary>What is left open on the test exchange, and that the exchange saw only what the case allows.</summary>
    public static void Exchange(FaultRig rig, FaultCase fault)
    {
        Assert.Equal(fault.Expected.LeftOpen, rig.OpenOrders);
        if (fault.Place == FaultPlace.Vault)
        {
            // Without keys nothing may reach the exchange.
            Assert.Empty(rig.Harness.SignedRequests);
        }
    }

    /// <summary>Telemetry recorded the outcome, and a lost reply, for this correlation id; no secret reached a log line.</summary>
    public static void Telemetry(FaultRig rig, FaultCase fault, string correlationId)
    {
        var lines = rig.Harness.Logs.Lines;
        Assert.Contains(lines, l => l.Contains($"{CancelAllTelemetry.CustomEventNameAttribute}={CancelAllTelemetry.OutcomeEventName}", StringComparison.Ordinal) && l.Contains(correlationId, StringComparison.Ordinal));
        var replyLost = lines.Any(l => l.Contains($"{CancelAllTelemetry.CustomEventNameAttribute}={CancelAllTelemetry.ReplyFailedEventName}", StringComparison.Ordinal) && l.Contains(correlationId, StringComparison.Ordinal));
        Assert.Equal(fault.Place == FaultPlace.ReplyQueue, replyLost);
        SecretScan.AssertNoSecrets(lines, rig.Credentials.Secret, rig.Credentials.Passphrase, ExchangeHarness.WebhookSecret);
    }
}
