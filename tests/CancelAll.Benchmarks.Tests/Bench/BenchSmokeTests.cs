using System.Diagnostics;
using CancelAll.Benchmarks;
using Xunit.Abstractions;

namespace CancelAll.Benchmarks.Tests;

/// <summary>
/// bench/run.sh's suite with tiny numbers and without the peers (CI has no node_modules), so that the benchmark
/// cannot silently break: the exchange process and its /_bench hooks, every mode of the bench tool as its own process,
/// the CLI's cold start, the storm and the Key Vault row. 127.0.0.1 only.
/// </summary>
public sealed class BenchSmokeTests(ITestOutputHelper log)
{
    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Functions.sln not found above the test's folder.");
    }

    [Fact]
    public async Task The_suite_runs_every_row_with_tiny_numbers_and_prints_the_table()
    {
        var bin = AppContext.BaseDirectory;
        var outDir = Path.Combine(Path.GetTempPath(), "cancel-all-bench-smoke-" + Guid.NewGuid().ToString("N"));
        // Row 0's self-contained line runs its publish's own executable; here a script in its place starts this tool.
        Directory.CreateDirectory(outDir);
        var ownExecutable = Path.Combine(outDir, "CancelAll.Benchmarks");
        await File.WriteAllTextAsync(ownExecutable, $"#!/bin/sh\nexec dotnet \"{Path.Combine(bin, "CancelAll.Benchmarks.dll")}\" \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(ownExecutable, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var options = new SuiteOptions
        {
            N = 3,
            ColdRuns = 1,
            WarmRounds = 2,
            StormN = 20,
            VaultN = 5,
            FirstKillWarmUps = ["full"],
            FullMicro = false,
            Overlap = true,
            PeersDir = null,
            ExchangeDll = Path.Combine(bin, "CancelAll.TestExchange.dll"),
            CliDll = Path.Combine(bin, "cancel-all.dll"),

            // Here the CLI sits in the test's folder, where its own deps.json names packages that the ASP.NET Core
            // framework replaced: run it with the test assembly's dependency set.
            CliHostArgs = $"exec --runtimeconfig {Path.Combine(bin, "CancelAll.Benchmarks.Tests.runtimeconfig.json")} --depsfile {Path.Combine(bin, "CancelAll.Benchmarks.Tests.deps.json")}",
            SelfDll = Path.Combine(bin, "CancelAll.Benchmarks.dll"),
            CompositeExe = ownExecutable,
            OutDir = outDir,
        };
        using var output = new TimedLineWriter();
        try
        {
            var report = await Suite.RunReportAsync(options, output);
            var table = Suite.Table(report);

            Assert.Equal(4, report.Micro.Cases.Count);
            Assert.All(report.Micro.Cases, c => Assert.True(c.MeanNs > 0 && c.AllocatedBytes > 0, c.ToString()));
            Assert.Equal(4, report.EndToEnd.Count);
            Assert.All(report.EndToEnd, r => Assert.True(r.Ok == 3 && r.Cancelled == 15, $"{r.Label}: {r.Ok}/3 ok, {r.Cancelled} cancelled, {string.Join("; ", r.Errors)}"));
            Assert.All(report.EndToEnd, r => Assert.True(r.PeakRssKb > 0, r.Label));
            // Ours warmed twice: as every contestant is (the one untimed call alone), and as the app starts (its warm-up first); each line says which.
            var warm = report.EndToEnd.Where(r => r.Label.Contains("out of the way", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, warm.Count);
            Assert.All(warm, w => Assert.Equal(2, w.WallRunsMs?.Count));
            Assert.All(warm, w => Assert.Contains(w.WallMs, w.WallRunsMs!));
            Assert.Contains("wall time, median of 2 rounds, contestants interleaved [fastest–slowest] — unlimited: exchange off, client limiter out of the way (bench only); the one untimed call alone", table, StringComparison.Ordinal);
            Assert.Contains("— unlimited: exchange off, client limiter out of the way (bench only); as the app starts: its start-up warm-up", table, StringComparison.Ordinal);
            var cold = Assert.Single(report.ColdStarts);
            Assert.True(cold.MedianMs is > 0 and < 15_000, $"cold start {cold.MedianMs} ms");

            // The storm shares calls (at most two for one target) and reads the vault once (three secrets and the optional demo flag).
            Assert.Equal(20, report.Storm.Answers["200"]);
            Assert.InRange(report.Storm.ExchangeCalls, 1, 2);
            Assert.Equal(4, report.Storm.VaultReads);
            Assert.Equal(5, report.KeyVault.Succeeded);
            Assert.Equal(0, report.KeyVault.VaultReads);
            Assert.Equal(15, report.KeyVault.NaiveVaultReads);

            // Row 0: a fresh process with the app's warm-up, its first webhook kill answered (the mode checks status and orders).
            Assert.Equal(["full", "full, self-contained composite"], report.FirstKills.Select(f => f.WarmUp));
            Assert.All(report.FirstKills, f => Assert.True(f.RunsMs.Count == 1 && f.MedianMs > 0, f.ToString()));

            // Its breakdown from process start: each phase measured, and the runtime's start before the kill answered.
            Assert.All(report.FirstKills, f => Assert.True(
                f.Phases is { StartToMainMs: > 0, BuildMs: > 0, WarmUpMs: > 0, FirstKillMs: > 0 } p && p.StartToMainMs < f.FromProcessStartMedianMs,
                f.ToString()));

            // Row 7: both answer sizes read (the mode checks every order was read), with their bytes.
            Assert.Equal([1_000, 10_000], report.Parse.Select(p => p.Orders));
            Assert.All(report.Parse, p => Assert.True(p.MeanUs > 0 && p.Bytes > 0, p.ToString()));

            foreach (var row in new[] { "| 0 |", "| 1 |", "| 2 |", "| 3 |", "| 4 |", "| 5 |", "| 7 |", "Machine:" })
            {
                Assert.Contains(row, table, StringComparison.Ordinal);
            }
        }
        finally
        {
            log.WriteLine(output.ToString());
            if (Directory.Exists(outDir))
            {
                Directory.Delete(outDir, recursive: true);
            }
        }
    }

    [Fact]
    public async Task The_script_and_the_peer_script_parse()
    {
        var root = RepoRoot();
        Assert.Equal(0, await RunAsync("bash", $"-n {Path.Combine(root, "bench", "run.sh")}"));
        var peerScript = Path.Combine(root, "bench", "peers", "peer.js");
        Assert.True(File.Exists(peerScript));
        if (await RunAsync("node", "--version") is 0)
        {
            Assert.Equal(0, await RunAsync("node", $"--check {peerScript}"));
        }
    }

    private static async Task<int> RunAsync(string file, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            await process.WaitForExitAsync();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1; // not installed
        }
    }
}
