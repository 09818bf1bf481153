namespace CancelAll.Infra.Tests;

/// <summary>Flex Consumption app: Linux, .NET 10 isolated, identity-based deployment storage, locked-down transport.</summary>
[Collection(CompiledTemplateGroup.Name)]
public sealed class FunctionAppTests(CompiledTemplate compiled)
{
    [Fact]
    public void Plan_is_Flex_Consumption_on_Linux()
    {
        var plan = compiled.Deploy().One("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", plan.Body["sku"]!["name"]!.GetValue<string>());
        Assert.Equal("FlexConsumption", plan.Body["sku"]!["tier"]!.GetValue<string>());
        Assert.True(plan.Properties["reserved"]!.GetValue<bool>());
    }

    [Fact]
    public void App_runs_on_the_plan_as_a_Linux_function_app_with_only_the_user_assigned_identity()
    {
        var deployment = compiled.Deploy();
        var app = deployment.FunctionApp;
        Assert.Equal("functionapp,linux", app.Body["kind"]!.GetValue<string>());
        Assert.Equal(deployment.One("Microsoft.Web/serverfarms").Id, app.Properties["serverFarmId"]!.GetValue<string>());
        Assert.Equal("UserAssigned", app.Body["identity"]!["type"]!.GetValue<string>());
        var identities = app.Body["identity"]!["userAssignedIdentities"]!.AsObject().Select(kv => kv.Key);
        Assert.Equal([deployment.Identity.Id], identities);
    }

    [Fact]
    public void App_is_https_only_with_TLS_1_2_and_no_FTP()
    {
        var properties = compiled.Deploy().FunctionApp.Properties;
        Assert.True(properties["httpsOnly"]!.GetValue<bool>());
        Assert.Equal("1.2", properties["siteConfig"]!["minTlsVersion"]!.GetValue<string>());
        Assert.Equal("1.2", properties["siteConfig"]!["scmMinTlsVersion"]!.GetValue<string>());
        Assert.Equal("Disabled", properties["siteConfig"]!["ftpsState"]!.GetValue<string>());
    }

    [Fact]
    public void Runtime_is_dotnet_isolated_10()
    {
        var runtime = compiled.Deploy().FunctionApp.Properties["functionAppConfig"]!["runtime"]!;
        Assert.Equal("dotnet-isolated", runtime["name"]!.GetValue<string>());
        Assert.Equal("10.0", runtime["version"]!.GetValue<string>());
    }

    [Fact]
    public void Deployment_package_lives_in_a_private_container_reached_with_the_user_assigned_identity()
    {
        var deployment = compiled.Deploy();
        var storage = deployment.One("Microsoft.Storage/storageAccounts");
        var container = deployment.One("Microsoft.Storage/storageAccounts/blobServices/containers");
        var containerName = container.Name.Split('/')[^1];
        var target = deployment.FunctionApp.Properties["functionAppConfig"]!["deployment"]!["storage"]!;

        Assert.Equal("blobContainer", target["type"]!.GetValue<string>());
        var blobEndpoint = new RuntimeReference(storage.Id).Property("primaryEndpoints").Property("blob").ToString();
        Assert.Equal(blobEndpoint + containerName, target["value"]!.GetValue<string>());
        Assert.Equal("UserAssignedIdentity", target["authentication"]!["type"]!.GetValue<string>());
        Assert.Equal(deployment.Identity.Id, target["authentication"]!["userAssignedIdentityResourceId"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(40)]
    public void Maximum_instance_count_is_a_parameter(int count)
    {
        var scale = compiled.Deploy(("maximumInstanceCount", count)).FunctionApp.Properties["functionAppConfig"]!["scaleAndConcurrency"]!;
        Assert.Equal(count, scale["maximumInstanceCount"]!.GetValue<int>());
    }

    [Fact]
    public void App_is_tagged_for_azd_with_the_service_name_of_azure_yaml()
    {
        var tags = compiled.Deploy().FunctionApp.Body["tags"]!;
        Assert.Equal("cancel-all", tags["azd-service-name"]!.GetValue<string>());
    }
}
