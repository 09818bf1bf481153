using CancelAll.Core.Input.Webhooks;
using CancelAll.Core.Tests.Support;

namespace CancelAll.Core.Tests.Faults;

/// <summary>The fault matrix through the webhook: the core's webhook handler, as the HTTP function calls it.</summary>
public class WebhookFaultTests
{
    private const string Body = """{"version":1,"account":"main","productType":"USDT-FUTURES"}""";

    public static TheoryData<string> Cases => FaultCase.For(sendsReplies: true);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_fault_gets_its_status_and_outcome(string name)
    {
        var fault = FaultCase.Named(name);
        await using var rig = await FaultRig.StartAsync(fault);
        var request = new WebhookRequest(Body, new Dictionary<string, string>(), new Dictionary<string, string> { ["Authorization"] = "Bearer " + ExchangeHarness.WebhookSecret }, "203.0.113.9");

        var response = await rig.Harness.Get<WebhookHandler>().HandleAsync(request, default);

        Assert.Equal(fault.Expected.HttpStatus, response.StatusCode);
        // A sender retries a 503 (after Retry-After); anything else it must not retry.
        Assert.Equal(fault.Expected.HttpStatus == 503, response.RetryAfter is not null);
        FaultAssert.Document(response.Body, fault, "http");
        FaultAssert.Outcome(response.Outcome!, fault);
        FaultAssert.Exchange(rig, fault);
        FaultAssert.Telemetry(rig, fault, response.Outcome!.CorrelationId);
        SecretScan.AssertNoSecrets([response.Body], rig.Credentials.Secret, rig.Credentials.Passphrase, ExchangeHarness.WebhookSecret);
    }
}
