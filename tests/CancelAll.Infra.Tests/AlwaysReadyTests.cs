namespace CancelAll.Infra.Tests;

/// <summary>Always-ready instances for the HTTP functions on Flex Consumption: a parameter, none by default.</summary>
[Collection(CompiledTemplateGroup.Name)]
public sealed class AlwaysReadyTests(CompiledTemplate compiled)
{
    private static System.Text.Json.Nodes.JsonArray AlwaysReady(Deployment deployment) =>
        deployment.FunctionApp.Properties["functionAppConfig"]!["scaleAndConcurrency"]!["alwaysReady"]!.AsArray();

    [Fact]
    public void None_by_default_so_nothing_is_billed_while_idle()
    {
        Assert.Empty(AlwaysReady(compiled.Deploy()));
        Assert.Empty(AlwaysReady(compiled.DeployWithParametersFile()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void The_parameter_keeps_that_many_instances_of_the_http_group_warm(int count)
    {
        var entry = Assert.Single(AlwaysReady(compiled.Deploy(("alwaysReadyHttpInstances", count))))!;
        Assert.Equal("http", entry["name"]!.GetValue<string>());
        Assert.Equal(count, entry["instanceCount"]!.GetValue<int>());
    }

    [Fact]
    public void The_parameter_is_bounded()
    {
        var declared = compiled.Template["parameters"]!["alwaysReadyHttpInstances"]!;
        Assert.Equal(0, declared["minValue"]!.GetValue<int>());
        Assert.Equal(20, declared["maxValue"]!.GetValue<int>());
    }

    [Fact]
    public void Readme_states_the_cost()
    {
        var readme = compiled.ReadText("README.md");
        Assert.Contains("### Always-ready instances", readme, StringComparison.Ordinal);
        Assert.Matches(@"alwaysReadyHttpInstances[\s\S]{0,2000}\$[0-9]", readme);
    }
}
