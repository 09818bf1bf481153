using System.Text.Json;
using CancelAll.Cli;

namespace CancelAll.Cli.Tests;

public class FlattenCliTests
{
    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await new CliApp(output, error, new Dictionary<string, string?>()).InvokeAsync(args);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Sandbox_flatten_cancels_closes_and_verifies_flat()
    {
        var (exit, output, _) = await RunAsync("--sandbox", "--scope", "flatten", "-p", "USDT-FUTURES", "--json");
        Assert.Equal(ExitCodes.Success, exit);
        using var outcome = JsonDocument.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..]);
        Assert.Equal("Succeeded", outcome.RootElement.GetProperty("status").GetString());
        Assert.Equal("flatten", outcome.RootElement.GetProperty("scope").GetString());
        var target = outcome.RootElement.GetProperty("targets")[0];
        Assert.Equal(0, target.GetProperty("remaining").GetProperty("count").GetInt32());
        Assert.Equal(0, target.GetProperty("remainingCount").GetInt32());
        Assert.Contains(target.GetProperty("steps").EnumerateArray(), s => s.GetProperty("name").GetString() == "close-positions" && s.GetProperty("done").GetInt32() == 1);
    }

    [Fact]
    public async Task Sandbox_dry_run_flatten_prints_what_it_would_do()
    {
        var (exit, output, _) = await RunAsync("--sandbox", "--scope", "flatten", "-p", "USDT-FUTURES", "--dry-run");
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("would close at market: position BTCUSDT:long", output, StringComparison.Ordinal);
        Assert.Contains("would cancel: entryPlan", output, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sandbox_runs_a_unified_account_by_default_and_a_classic_one_with_an_option()
    {
        var (exit, output, _) = await RunAsync("--sandbox", "--scope", "flatten", "-p", "USDT-FUTURES");
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("demo Unified Trading Account", output, StringComparison.Ordinal);
        Assert.Contains("UTA (V3)", output, StringComparison.Ordinal);

        (exit, output, _) = await RunAsync("--sandbox", "--sandbox-classic", "--scope", "flatten", "-p", "USDT-FUTURES");
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("classic demo account", output, StringComparison.Ordinal);
        Assert.Contains("classic (V2)", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--scope", "everything")]
    [InlineData("--verify", "--no-verify")]
    public async Task Bad_scope_or_verify_flags_exit_2(string first, string second)
    {
        var (exit, _, error) = await RunAsync("--sandbox", first, second);
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.StartsWith("error:", error, StringComparison.Ordinal);
    }
}
