using CancelAll.Core.Input.Webhooks;
using CancelAll.Core.Tests.Support;

namespace CancelAll.Core.Tests.Contract;

/// <summary>The real webhook handler against the test exchange: every answer is a cancel-all.outcome/v2 document.</summary>
public class HttpAnswerContractTests
{
    private static WebhookRequest Request(string body) =>
        new(body, new Dictionary<string, string>(), new Dictionary<string, string> { ["Authorization"] = "Bearer " + ExchangeHarness.WebhookSecret }, "203.0.113.7");

    [Theory]
    [MemberData(nameof(ContractCases.Names), MemberType = typeof(ContractCases))]
    public async Task The_http_answer_matches_the_schema_and_says_what_happened(string name)
    {
        await using var harness = await ContractHarness.StartAsync(name);

        var response = await harness.Get<WebhookHandler>().HandleAsync(Request(ContractCases.Body(name)), default);

        var document = OutcomeSchema.AssertValid(response.Body);
        ContractCases.AssertSays(name, document);
        Assert.Equal(response.Outcome!.CorrelationId, document.Text("correlationId"));
        Assert.Equal("http", document.Text("source"));
        SecretScan.AssertNoSecrets([response.Body], ExchangeHarness.WebhookSecret, harness.Credentials.Secret, harness.Credentials.Passphrase);
    }

    [Fact]
    public async Task The_answer_for_several_accounts_is_an_outcome_set_of_v2_documents()
    {
        await using var harness = await ContractHarness.StartAsync("orders");
        var handler = harness.Get<WebhookHandler>();
        var first = await handler.HandleAsync(Request(ContractCases.Body("flatten")), default);
        var second = await handler.HandleAsync(Request(ContractCases.Body("rejected")), default);

        var body = WebhookAnswers.Several("corr-set", [first.Outcome!, second.Outcome!]);

        var set = OutcomeSchema.AssertValid(body);
        Assert.Equal("cancel-all.outcomes/v2", set.Text("schema"));
        Assert.Equal("PartiallyFailed", set.Text("status"));
        Assert.Equal(["Succeeded", "Rejected"], set["outcomes"]!.AsArray().Select(o => o!.Text("status")));
    }
}
