using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace CancelAll.Benchmarks;

/// <summary>The BenchmarkDotNet set-up rows 1 and 7 share: in-process (no child build), 5 warm-ups, 15 iterations.</summary>
internal static class InProcessConfig
{
    public static IConfig Create(string artifacts) =>
        ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithWarmupCount(5)
                .WithIterationCount(15)
                .WithId("inprocess"))
            .WithArtifactsPath(Path.GetFullPath(artifacts))
            .WithOptions(ConfigOptions.DisableLogFile);
}
