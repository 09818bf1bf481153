using System.Text.Json.Nodes;
using CancelAll.Core.Exchange;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Tests.Flatten;
using CancelAll.Core.Tests.Support;

namespace CancelAll.Core.Tests.Contract;

/// <summary>One command per scope, a dry run, an exchange failure and a refused command, each with what its document must say.</summary>
internal static class ContractCases
{
    public static TheoryData<string> Names => ["orders", "entries", "flatten", "dry-run", "failure", "rejected"];

    public static string Body(string name) => name switch
    {
        "orders" => """{"version":1,"account":"main","productType":"USDT-FUTURES","scope":"orders"}""",
        "entries" => """{"version":1,"account":"main","productType":"USDT-FUTURES","scope":"entries"}""",
        "flatten" => """{"version":1,"account":"main","productType":"USDT-FUTURES","scope":"flatten"}""",
        "dry-run" => """{"version":1,"account":"main","productType":"USDT-FUTURES","scope":"flatten","dryRun":true}""",
        "failure" => """{"version":1,"account":"main","productType":"USDT-FUTURES","scope":"entries","verify":true}""",
        "rejected" => """{"version":1,"account":"main","productTypes":["SPOT"]}""",
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown case."),
    };

    /// <summary>Orders, entry plans, TP/SL and positions; for "failure" the exchange also refuses to cancel trailing entries.</summary>
    public static void Seed(ExchangeHarness harness, string name)
    {
        FlattenTests.Seed(harness);
        if (name == "failure")
        {
            harness.Exchange.Faults.RejectedCancelPlanTypes[BitgetPlanTypes.TrailingEntry] = true;
        }
    }

    /// <summary>What every channel's document must say for the case, beyond matching the schema.</summary>
    public static void AssertSays(string name, JsonNode document)
    {
        Assert.Equal("cancel-all.outcome/v2", document.Text("schema"));
        var headline = document.Text("headline")!;
        var target = document["targets"]!.AsArray().FirstOrDefault();
        switch (name)
        {
            case "orders":
            case "entries":
                Assert.Equal(name, document.Text("scope"));
                Assert.Equal("Succeeded", document.Text("status"));
                Assert.True(document["cancelledCount"]!.GetValue<int>() > 0);
                Assert.Null(target!["remaining"]);
                Assert.EndsWith("not verified", headline, StringComparison.Ordinal);
                break;
            case "flatten":
                Assert.Equal("flatten", document.Text("scope"));
                Assert.Equal("Succeeded", document.Text("status"));
                Assert.Equal(0, document["remainingCount"]!.GetValue<int>());
                Assert.Contains(target!["steps"]!.AsArray(), s => s!.Text("name") == "close-positions" && s!["done"]!.GetValue<int>() > 0);
                Assert.Equal("Classic", target!.Text("accountMode"));
                Assert.EndsWith("0 remaining (verified)", headline, StringComparison.Ordinal);
                break;
            case "dry-run":
                Assert.True(document["dryRun"]!.GetValue<bool>());
                var would = target!["wouldCancel"]!;
                Assert.NotEmpty(would["orders"]!.AsArray());
                Assert.NotEmpty(would["planOrders"]!.AsArray());
                Assert.NotEmpty(would["positions"]!.AsArray());
                Assert.All(would["positions"]!.AsArray(), p => Assert.False(string.IsNullOrEmpty(p!.Text("symbol"))));
                Assert.StartsWith("Dry run, nothing was changed", headline, StringComparison.Ordinal);
                break;
            case "failure":
                Assert.Equal("Failed", document.Text("status"));
                var error = target!["error"]!;
                Assert.Equal(nameof(OutcomeErrorKind.NotFlat), error.Text("kind"));
                Assert.Equal(OutcomeErrorKinds.Handling(OutcomeErrorKind.NotFlat).Hint, error.Text("hint"));
                var left = Assert.Single(target["remaining"]!["planOrders"]!.AsArray());
                Assert.Equal(BitgetPlanTypes.TrailingEntry, left!.Text("planType"));
                Assert.Equal(1, document["remainingCount"]!.GetValue<int>());
                Assert.Contains("still open: 0 orders, 1 plan order, 0 positions", headline, StringComparison.Ordinal);
                Assert.DoesNotContain("0 remaining", headline, StringComparison.Ordinal);
                break;
            case "rejected":
                Assert.Equal("Rejected", document.Text("status"));
                Assert.Equal(nameof(OutcomeErrorKind.BadInput), document["error"]!.Text("kind"));
                Assert.Equal(OutcomeErrorKinds.Handling(OutcomeErrorKind.BadInput).Hint, document["error"]!.Text("hint"));
                Assert.Empty(document["targets"]!.AsArray());
                break;
        }
    }
}
