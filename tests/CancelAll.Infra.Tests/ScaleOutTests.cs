using System.Text.Json.Nodes;

namespace CancelAll.Infra.Tests;

/// <summary>
/// Scale-out is bounded: each instance has its own per-account limiter and storm coalescer (BENCHMARKS.md, scale-out),
/// so the HTTP instances take a whole storm each (high per-instance concurrency) and the app has few instances.
/// </summary>
[Collection(CompiledTemplateGroup.Name)]
public sealed class ScaleOutTests(CompiledTemplate compiled)
{
    private static JsonNode Scale(Deployment deployment) => deployment.FunctionApp.Properties["functionAppConfig"]!["scaleAndConcurrency"]!;

    [Fact]
    public void By_default_the_app_has_at_most_four_instances_and_one_http_instance_takes_a_thousand_requests()
    {
        foreach (var deployment in new[] { compiled.Deploy(), compiled.DeployWithParametersFile() })
        {
            var scale = Scale(deployment);
            Assert.Equal(4, scale["maximumInstanceCount"]!.GetValue<int>());
            Assert.Equal(1000, scale["triggers"]!["http"]!["perInstanceConcurrency"]!.GetValue<int>());
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(250)]
    public void The_http_concurrency_is_a_parameter(int concurrency)
    {
        var scale = Scale(compiled.Deploy(("httpPerInstanceConcurrency", concurrency)));
        Assert.Equal(concurrency, scale["triggers"]!["http"]!["perInstanceConcurrency"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("maximumInstanceCount", 1, 1000)]
    [InlineData("httpPerInstanceConcurrency", 1, 1000)]
    public void Both_parameters_are_bounded(string name, int min, int max)
    {
        var declared = compiled.Template["parameters"]![name]!;
        Assert.Equal(min, declared["minValue"]!.GetValue<int>());
        Assert.Equal(max, declared["maxValue"]!.GetValue<int>());
    }

    [Fact]
    public void Readme_states_the_trade_off_and_points_to_the_measurement()
    {
        var readme = compiled.ReadText("README.md");
        var section = readme[readme.IndexOf("### Scale-out", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", StringComparison.Ordinal)];
        Assert.Contains("maximumInstanceCount", section, StringComparison.Ordinal);
        Assert.Contains("httpPerInstanceConcurrency", section, StringComparison.Ordinal);
        Assert.Contains("429", section, StringComparison.Ordinal);
        Assert.Contains("bash bench/run.sh --scale-out", section, StringComparison.Ordinal);
        Assert.Matches("(?m)^## Scale-out", compiled.ReadText("BENCHMARKS.md"));
    }
}
