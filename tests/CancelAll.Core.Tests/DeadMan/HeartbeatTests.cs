using Azure.Data.Tables;
using CancelAll.Core.DeadMan;
using CancelAll.Core.Tests.Support;

namespace CancelAll.Core.Tests.DeadMan;

/// <summary>POST /api/heartbeat against the real Table client on Azurite.</summary>
[Collection(AzuriteGroup.Name)]
public sealed class HeartbeatTests(Azurite azurite)
{
    [Fact]
    public async Task A_heartbeat_is_recorded_in_the_table_and_arms_the_switch()
    {
        await using var harness = await DeadManHarness.StartAsync(azurite);
        var now = harness.Clock.GetUtcNow();

        var response = await harness.Heartbeats.HandleAsync(
            DeadManHarness.Request("""{"account":"main","timeoutSeconds":30,"scope":"entries"}"""), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(("Recorded", "Armed", 30, "entries"), (response.Answer.Status, response.Answer.State, response.Answer.TimeoutSeconds, response.Answer.Scope));
        Assert.Equal(now.AddSeconds(30), response.Answer.LapsesAt);

        // Read back with a client of its own (the Azure SDK): the row is in Azurite, not in the handler's memory, and its
        // columns have the types the SDK wrote before (Edm.Int32, Edm.DateTime), so rows from either read the same.
        var table = new TableClient(azurite.ConnectionString, harness.TableName);
        var row = (await table.GetEntityAsync<TableEntity>(HeartbeatEntity.Partition, "main")).Value;
        Assert.Equal(("Armed", 30, "entries"), (row.GetString("State"), row.GetInt32("TimeoutSeconds"), row.GetString("Scope")));
        Assert.Equal(now, row.GetDateTimeOffset("LastBeatAt"));
        Assert.Equal(now.AddSeconds(30), row.GetDateTimeOffset("LapsesAt"));
        Assert.Null(response.Answer.Countdown); // this account does not use the exchange countdown
    }

    [Fact]
    public async Task Scope_defaults_to_flatten_and_a_later_heartbeat_moves_the_lapse()
    {
        await using var harness = await DeadManHarness.StartAsync(azurite);
        await harness.BeatAsync(timeoutSeconds: 10);
        harness.Clock.Advance(TimeSpan.FromSeconds(7));
        var second = await harness.BeatAsync(timeoutSeconds: 20);

        var row = Assert.Single(await harness.Store.ListAsync(CancellationToken.None));
        Assert.Equal("flatten", row.Scope);
        Assert.Equal(harness.Clock.GetUtcNow().AddSeconds(20), row.LapsesAt);
        Assert.Equal(row.LapsesAt, second.Answer.LapsesAt);
    }

    [Theory]
    [InlineData("""{"account":"ghost","timeoutSeconds":30}""", 400, "account", "Account 'ghost' has no dead-man's switch: add it to CancelAll:DeadMan:Accounts.")]
    [InlineData("""{"timeoutSeconds":30}""", 400, "account", "account is missing")]
    [InlineData("""{"account":"Main!","timeoutSeconds":30}""", 400, "account", "is not a valid account name")]
    [InlineData("""{"account":"main","timeoutSeconds":4}""", 400, "timeoutSeconds", "timeoutSeconds 4 is out of range: use 5 to 86400 seconds.")]
    [InlineData("""{"account":"main","timeoutSeconds":86401}""", 400, "timeoutSeconds", "timeoutSeconds 86401 is out of range: use 5 to 86400 seconds.")]
    [InlineData("""{"account":"main"}""", 400, "timeoutSeconds", "timeoutSeconds is missing")]
    [InlineData("""{"account":"main","timeoutSeconds":"soon"}""", 400, "timeoutSeconds", "whole number of seconds")]
    [InlineData("""{"account":"main","timeoutSeconds":30,"scope":"everything"}""", 400, "scope", "use orders, entries or flatten")]
    [InlineData("""alive""", 400, "body", "must be a JSON object")]
    public async Task Bad_input_is_refused_with_a_message_that_names_the_field_and_nothing_is_recorded(string body, int status, string field, string message)
    {
        await using var harness = await DeadManHarness.StartAsync(azurite);
        var response = await harness.Heartbeats.HandleAsync(DeadManHarness.Request(body), CancellationToken.None);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("Rejected", response.Answer.Status);
        Assert.Equal(field, response.Answer.Error!.Field);
        Assert.Contains(message, response.Answer.Error.Message, StringComparison.Ordinal);
        Assert.Empty(await harness.Store.ListAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-secret-0123456789abcdef")]
    [InlineData(DeadManHarness.OtherSecret)] // another account's secret: secrets are per account
    public async Task A_missing_or_wrong_secret_gets_401_without_detail(string? secret)
    {
        await using var harness = await DeadManHarness.StartAsync(azurite);
        var response = await harness.Heartbeats.HandleAsync(DeadManHarness.Request("""{"account":"main","timeoutSeconds":4}""", secret), CancellationToken.None);

        Assert.Equal(401, response.StatusCode);
        Assert.Equal("""{"status":"Unauthorized"}""", response.Body); // not even the bad timeout is revealed
        Assert.Empty(await harness.Store.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_secret_may_ride_in_the_body_as_for_TradingView()
    {
        await using var harness = await DeadManHarness.StartAsync(azurite);
        var response = await harness.Heartbeats.HandleAsync(
            DeadManHarness.Request($$"""{"account":"hedge","timeoutSeconds":60,"secret":"{{DeadManHarness.OtherSecret}}"}""", secret: null), CancellationToken.None);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("hedge", Assert.Single(await harness.Store.ListAsync(CancellationToken.None)).RowKey);
    }

    [Fact]
    public async Task An_oversized_body_gets_413()
    {
        await using var harness = await DeadManHarness.StartAsync(azurite);
        var response = await harness.Heartbeats.HandleAsync(DeadManHarness.Request(null!), CancellationToken.None);
        Assert.Equal(413, response.StatusCode);
        Assert.Contains("4096 bytes", response.Answer.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_heartbeat_when_the_switch_is_off_says_how_to_turn_it_on()
    {
        await using var harness = await DeadManHarness.StartAsync(azurite, accounts: "[]");
        var response = await harness.BeatAsync();
        Assert.Equal(400, response.StatusCode);
        Assert.Equal("The dead-man's switch is off: list the accounts it may arm in CancelAll:DeadMan:Accounts.", response.Answer.Error!.Message);
        Assert.Empty(await harness.RunLapsesAsync());
    }

    [Fact]
    public async Task Secrets_never_reach_logs_or_answers()
    {
        await using var harness = await DeadManHarness.StartAsync(azurite);
        var answers = new List<string>
        {
            (await harness.BeatAsync()).Body,
            (await harness.BeatAsync(secret: DeadManHarness.OtherSecret)).Body,
            (await harness.BeatAsync(account: "hedge", timeoutSeconds: 2, secret: DeadManHarness.OtherSecret)).Body,
            (await harness.Heartbeats.HandleAsync(DeadManHarness.Request($$"""{"account":"main","timeoutSeconds":30,"secret":"{{DeadManHarness.Secret}}"}""", null), CancellationToken.None)).Body,
        };
        harness.Clock.Advance(TimeSpan.FromSeconds(40));
        await harness.RunLapsesAsync();

        SecretScan.AssertNoSecrets(harness.Exchange.Logs.Lines.Concat(answers), DeadManHarness.Secret, DeadManHarness.OtherSecret, harness.Exchange.Credentials.Secret, harness.Exchange.Credentials.Passphrase);
        var rows = await harness.Store.ListAsync(CancellationToken.None);
        SecretScan.AssertNoSecret([DeadManHarness.Secret, DeadManHarness.OtherSecret], rows.Select(r => string.Join("|", typeof(HeartbeatEntity).GetProperties().Select(p => p.GetValue(r)))).ToList(), "table row");
    }
}
