using System.Text.Json;
using CancelAll.Cli;
using CancelAll.Core.Hold;
using CancelAll.Core.Input.Queue;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Replies;
using CancelAll.Core.Tests.DeadMan;
using CancelAll.Core.Tests.Hold;
using CancelAll.Core.Tests.Support;

namespace CancelAll.Cli.Tests;

/// <summary>
/// <c>cancel-all release</c> against a hold the app started: the app's core on the test exchange, the loopback Service
/// Bus and the real Table client on Azurite (<see cref="HoldHarness"/>); the CLI in process, with only the hold table's
/// settings, no exchange key.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class HoldReleaseCliTests(Azurite azurite)
{
    private const string Held = """{"version":1,"account":"main","productTypes":["USDT-FUTURES"],"holdMinutes":5,"correlationId":"hold-a"}""";

    [Fact]
    public async Task Release_by_id_ends_the_hold_and_the_next_repeat_makes_no_exchange_call()
    {
        await using var harness = await HoldHarness.StartAsync(azurite);
        await harness.SendAsync(Held, "req-1");

        var (exit, output, error) = await RunAsync(["release", "hold-a"], TableSettings(harness));

        Assert.True(ExitCodes.Success == exit, $"exit {exit}: {output} {error}");
        Assert.Contains("Hold released: hold-a", output, StringComparison.Ordinal);
        Assert.Contains("on 1 target(s) of account main", output, StringComparison.Ordinal);
        Assert.Empty(await Rows(harness)); // the row went with its only hold

        // The bot trades again; the repeat already scheduled finds no hold and sends nothing.
        harness.Book.Place(2);
        var requests = harness.Exchange.SignedRequests.Count;
        var repeat = Assert.Single(await harness.NextRepeatAsync());
        Assert.Equal(QueueDisposition.Complete, repeat.Disposition);
        Assert.Equal(requests, harness.Exchange.SignedRequests.Count);
        Assert.Equal(2, harness.Book.Open);
        Assert.Empty(harness.Bus.Pending(HoldHarness.RequestQueue));
        SecretScan.AssertNoSecret([AccountKey()], [output, error], "CLI output");
    }

    [Fact]
    public async Task The_built_cli_releases_as_its_own_process_where_the_table_client_runs_with_the_clis_runtime_settings()
    {
        // In process the test host's settings apply; the CLI's own (PublishAot defaults) once made every table call throw.
        await using var harness = await HoldHarness.StartAsync(azurite);
        await harness.SendAsync(Held, "req-1");
        var start = new System.Diagnostics.ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { CliProcessTests.CliDll(), "release", "hold-a" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in TableSettings(harness))
        {
            start.Environment[name] = value;
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));

        Assert.True(process.ExitCode == ExitCodes.Success, $"exit {process.ExitCode}: {await output} {await error}");
        Assert.Contains("Hold released: hold-a", await output, StringComparison.Ordinal);
        Assert.Empty(await Rows(harness));
    }

    [Fact]
    public async Task Release_by_account_narrowed_to_a_product_type_ends_only_that_hold_and_prints_the_outcome_document()
    {
        await using var harness = await HoldHarness.StartAsync(azurite);
        await harness.SendAsync(Held, "req-1");
        await harness.SendAsync(Held.Replace("hold-a", "hold-b", StringComparison.Ordinal).Replace("USDT-FUTURES", "USDC-FUTURES", StringComparison.Ordinal), "req-2");

        var (exit, output, error) = await RunAsync(["release", "--account", "main", "-p", "USDT-FUTURES", "--json"], TableSettings(harness));

        Assert.True(ExitCodes.Success == exit, $"exit {exit}: {output} {error}");
        var reply = ReplyJsonContext.Deserialize(output)!; // exactly one document on standard output
        Assert.Equal(("*", HoldPhases.Released, "cli"), (reply.Hold!.Id, reply.Hold.Phase, reply.Source));
        Assert.Equal("Ignored", reply.Status, ignoreCase: true);
        Assert.Contains("1 target(s)", reply.Reason, StringComparison.Ordinal);

        // USDT-FUTURES is free again; USDC-FUTURES is still held and its repeat cancels what the bot placed.
        harness.Book.Place(2, "USDT-FUTURES", "USDT");
        harness.Book.Place(3, "USDC-FUTURES", "USDC");
        Assert.Equal(2, (await harness.NextRepeatAsync()).Count);
        var open = harness.Exchange.Exchange.Book(harness.Exchange.Credentials.ApiKey).OpenOrders;
        Assert.Equal(2, open.Count);
        Assert.All(open, o => Assert.Equal("USDT-FUTURES", o.ProductType));
        var row = Assert.Single(await Rows(harness));
        Assert.Equal("hold-b", Assert.Single(row.ReadHolds()).Id);
    }

    [Fact]
    public async Task A_command_file_with_release_takes_the_same_form_as_the_webhook_and_queue()
    {
        await using var harness = await HoldHarness.StartAsync(azurite);
        await harness.SendAsync(Held, "req-1");

        var (exit, output, _) = await RunAsync(["--command-file", "-"], TableSettings(harness), """{"account":"main","release":true}""");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("Hold released: *", output, StringComparison.Ordinal);
        Assert.Empty(await Rows(harness));
    }

    [Fact]
    public async Task An_unknown_or_already_released_hold_exits_2_saying_so()
    {
        await using var harness = await HoldHarness.StartAsync(azurite);
        await harness.SendAsync(Held, "req-1");

        var unknown = await RunAsync(["release", "hold-zz"], TableSettings(harness));
        Assert.Equal(ExitCodes.BadInput, unknown.Exit);
        Assert.Contains("No active hold has id 'hold-zz'", unknown.Output, StringComparison.Ordinal);
        Assert.Single(await Rows(harness)); // hold-a is untouched

        Assert.Equal(ExitCodes.Success, (await RunAsync(["release", "hold-a"], TableSettings(harness))).Exit);
        var again = await RunAsync(["release", "hold-a", "--json"], TableSettings(harness));
        Assert.Equal(ExitCodes.BadInput, again.Exit);
        var reply = ReplyJsonContext.Deserialize(again.Output)!;
        Assert.Equal("Rejected", reply.Status, ignoreCase: true);
        Assert.Contains("it may have ended already", reply.Error!.Message, StringComparison.Ordinal);

        var noHolds = await RunAsync(["release", "--account", "main"], TableSettings(harness));
        Assert.Equal(ExitCodes.BadInput, noHolds.Exit);
        Assert.Contains("Account 'main' has no active hold", noHolds.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_hold_table_settings_release_exits_2_naming_the_settings_and_their_variables()
    {
        var (exit, output, error) = await RunAsync(["release", "hold-a", "--json"], []);

        Assert.Equal(ExitCodes.BadInput, exit);
        foreach (var name in new[] { "CancelAll:Hold:TableEndpoint", "CancelAll__Hold__TableEndpoint", "CancelAll__Hold__TableConnectionString", "az login" })
        {
            Assert.Contains(name, error, StringComparison.Ordinal);
        }

        using var document = JsonDocument.Parse(output);
        Assert.Equal(CliErrorJson.SchemaName, document.RootElement.GetProperty("schema").GetString());
        Assert.Equal(ExitCodes.BadInput, document.RootElement.GetProperty("exitCode").GetInt32());
    }

    [Fact]
    public async Task A_wrong_account_key_exits_with_the_credentials_code_naming_the_setting_and_never_printing_a_key()
    {
        await using var harness = await HoldHarness.StartAsync(azurite);
        await harness.SendAsync(Held, "req-1");
        var wrongKey = Convert.ToBase64String(Enumerable.Range(1, 64).Select(i => (byte)i).ToArray());
        var settings = TableSettings(harness);
        settings["CancelAll__Hold__TableConnectionString"] = azurite.ConnectionString.Replace(AccountKey(), wrongKey, StringComparison.Ordinal);

        var (exit, output, error) = await RunAsync(["release", "hold-a", "--verbose"], settings);

        Assert.Equal(ExitCodes.CredentialsOrPermission, exit);
        Assert.Contains("HTTP 403", error, StringComparison.Ordinal);
        Assert.Contains("check AccountName and AccountKey in CancelAll:Hold:TableConnectionString", error, StringComparison.Ordinal);
        Assert.Contains("Nothing was released.", error, StringComparison.Ordinal);
        Assert.Single(await Rows(harness)); // the hold stands
        SecretScan.AssertNoSecret([AccountKey(), wrongKey], [output, error], "CLI output");
    }

    [Fact]
    public async Task Release_without_an_id_or_an_account_exits_2_saying_what_to_give()
    {
        var (exit, _, error) = await RunAsync(["release"], []);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("release needs a hold id", error, StringComparison.Ordinal);
        Assert.Contains("--account", error, StringComparison.Ordinal);
    }

    private Dictionary<string, string?> TableSettings(HoldHarness harness) => new()
    {
        ["CancelAll__Hold__TableConnectionString"] = azurite.ConnectionString,
        ["CancelAll__Hold__TableName"] = harness.Exchange.Get<Microsoft.Extensions.Options.IOptions<HoldOptions>>().Value.TableName,
    };

    private string AccountKey() => azurite.ConnectionString.Split(';').Single(p => p.StartsWith("AccountKey=", StringComparison.Ordinal))["AccountKey=".Length..];

    private static Task<IReadOnlyList<HoldEntity>> Rows(HoldHarness harness) => harness.Exchange.Get<HoldStore>().ListAsync(CancellationToken.None);

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string[] args, Dictionary<string, string?> environment, string? stdin = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await new CliApp(output, error, environment, new StringReader(stdin ?? string.Empty)).InvokeAsync(args);
        return (exit, output.ToString(), error.ToString());
    }
}
