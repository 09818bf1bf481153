using System.Net;
using System.Text.Json;
using CancelAll.Core.DeadMan;
using CancelAll.Functions.Functions;
using CancelAll.Functions.Tests.Support;
using Microsoft.Azure.Functions.Worker;

namespace CancelAll.Functions.Tests;

/// <summary>
/// The dead-man's switch functions through the worker's types. Only paths that stop before the table are run here;
/// the table itself (Azurite) is tested in CancelAll.Core.Tests/DeadMan.
/// </summary>
public class HeartbeatFunctionTests
{
    private const string Url = "https://func.example/api/heartbeat";
    private const string HeartbeatSecret = "heartbeat-function-secret-0123";

    private static readonly Dictionary<string, string?> Armable = new()
    {
        ["CancelAll:DeadMan:Accounts"] = """[{"account":"main","productTypes":["USDT-FUTURES"]}]""",
        ["CancelAll:DeadMan:Secrets"] = "main:" + HeartbeatSecret,
        // A closed port: any test here that reached the table would fail.
        ["CancelAll:DeadMan:TableConnectionString"] = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;",
    };

    [Fact]
    public async Task With_the_sample_settings_the_switch_is_off_and_a_heartbeat_gets_400_saying_how_to_turn_it_on()
    {
        await using var app = await LiveApp.StartAsync();
        var response = await Post(app, """{"account":"main","timeoutSeconds":60}""", new() { ["Authorization"] = "Bearer " + HeartbeatSecret });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HeartbeatResponse.ContentType, response.Header("Content-Type"));
        var answer = JsonDocument.Parse(response.Text).RootElement;
        Assert.Equal("Rejected", answer.GetProperty("status").GetString());
        Assert.Equal("account", answer.GetProperty("error").GetProperty("field").GetString());
        Assert.Contains("CancelAll:DeadMan:Accounts", answer.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_secret_gets_401_and_nothing_else()
    {
        await using var app = await LiveApp.StartAsync(Armable);
        var response = await Post(app, """{"account":"main","timeoutSeconds":60}""", new() { ["Authorization"] = "Bearer not-the-secret-0123456789" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("""{"status":"Unauthorized"}""", response.Text);
        Assert.Empty(app.Exchange.Received);
    }

    [Fact]
    public async Task A_body_over_4_KiB_gets_413_unread()
    {
        await using var app = await LiveApp.StartAsync(Armable);
        var response = await Post(app, new string(' ', HeartbeatBody.MaxBytes + 1), new() { ["Authorization"] = "Bearer " + HeartbeatSecret });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task The_lapse_timer_does_nothing_while_the_switch_is_off()
    {
        await using var app = await LiveApp.StartAsync();
        await app.Function<HeartbeatLapseTimer>().RunAsync(new TimerInfo { IsPastDue = false });
        Assert.Empty(app.Exchange.Received);
    }

    private static async Task<TestResponse> Post(LiveApp app, string body, Dictionary<string, string> headers)
    {
        var request = TestHttp.Request("POST", Url, body, headers);
        return (TestResponse)await app.Function<Heartbeat>().RunAsync(request);
    }
}
