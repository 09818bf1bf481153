using System.Text.Json.Nodes;

namespace CancelAll.Infra.Tests;

/// <summary>No resource allows shared keys or local authentication; transport is locked down.</summary>
[Collection(CompiledTemplateGroup.Name)]
public sealed class SecurityTests(CompiledTemplate compiled)
{
    [Fact]
    public void Template_builds_without_any_warning()
    {
        Assert.DoesNotContain("Warning", compiled.BuildDiagnostics, StringComparison.Ordinal);
        Assert.DoesNotContain("Error", compiled.BuildDiagnostics, StringComparison.Ordinal);
    }

    [Fact]
    public void Storage_account_has_no_shared_key_and_no_public_blob_access()
    {
        var storage = compiled.Deploy().One("Microsoft.Storage/storageAccounts").Properties;
        Assert.False(storage["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.False(storage["allowBlobPublicAccess"]!.GetValue<bool>());
        Assert.True(storage["supportsHttpsTrafficOnly"]!.GetValue<bool>());
        Assert.Equal("TLS1_2", storage["minimumTlsVersion"]!.GetValue<string>());
    }

    [Fact]
    public void Blob_containers_are_private()
    {
        var containers = compiled.Deploy().OfType("Microsoft.Storage/storageAccounts/blobServices/containers").ToList();
        Assert.NotEmpty(containers);
        Assert.All(containers, c => Assert.Equal("None", c.Properties["publicAccess"]!.GetValue<string>()));
    }

    [Fact]
    public void Service_bus_namespace_disables_local_auth()
    {
        var serviceBus = compiled.Deploy().ServiceBus;
        Assert.True(serviceBus.Properties["disableLocalAuth"]!.GetValue<bool>());
        Assert.Equal("Standard", serviceBus.Body["sku"]!["name"]!.GetValue<string>());
        Assert.Equal("1.2", serviceBus.Properties["minimumTlsVersion"]!.GetValue<string>());
    }

    [Fact]
    public void Application_Insights_and_its_workspace_disable_local_auth()
    {
        var deployment = compiled.Deploy();
        var appInsights = deployment.One("Microsoft.Insights/components");
        var workspace = deployment.One("Microsoft.OperationalInsights/workspaces");
        Assert.True(appInsights.Properties["DisableLocalAuth"]!.GetValue<bool>());
        Assert.Equal(workspace.Id, appInsights.Properties["WorkspaceResourceId"]!.GetValue<string>());
        Assert.True(workspace.Properties["features"]!["disableLocalAuth"]!.GetValue<bool>());
    }

    [Fact]
    public void Key_vault_uses_RBAC_soft_delete_and_purge_protection()
    {
        var vault = compiled.Deploy().KeyVault.Properties;
        Assert.True(vault["enableRbacAuthorization"]!.GetValue<bool>());
        Assert.True(vault["enableSoftDelete"]!.GetValue<bool>());
        Assert.True(vault["enablePurgeProtection"]!.GetValue<bool>());
        Assert.Null(vault["accessPolicies"]);
    }

    [Theory]
    [InlineData("Enabled", "Allow")]
    [InlineData("Disabled", "Deny")]
    public void Key_vault_public_network_access_is_a_parameter(string access, string defaultAction)
    {
        var vault = compiled.Deploy(("keyVaultPublicNetworkAccess", access)).KeyVault.Properties;
        Assert.Equal(access, vault["publicNetworkAccess"]!.GetValue<string>());
        Assert.Equal(defaultAction, vault["networkAcls"]!["defaultAction"]!.GetValue<string>());
    }

    [Fact]
    public void Template_creates_no_secret_values()
    {
        var deployment = compiled.Deploy();
        Assert.DoesNotContain(deployment.AllResources, r => r.Type.StartsWith("Microsoft.KeyVault/vaults/", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Function_app_publishing_does_not_accept_basic_auth()
    {
        var policies = compiled.Deploy().OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();
        Assert.Equal(["ftp", "scm"], policies.Select(p => p.Name.Split('/')[^1]).Order(StringComparer.Ordinal));
        Assert.All(policies, p => Assert.False(p.Properties["allow"]!.GetValue<bool>()));
    }

    /// <summary>
    /// A net over every resource: any property that switches shared keys or local auth must be in its
    /// safe position, and no expression lists keys or connection strings of another resource.
    /// </summary>
    [Fact]
    public void No_resource_allows_shared_keys_or_local_auth_anywhere()
    {
        var deployment = compiled.Deploy();
        var offenders = new List<string>();
        foreach (var resource in deployment.AllResources)
        {
            Walk(resource.Body, $"{resource.Type} {resource.Name}", offenders);
        }
        Assert.Empty(offenders);

        var text = compiled.Template.ToJsonString();
        Assert.DoesNotContain("listKeys(", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("listConnectionStrings(", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AccountKey=", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SharedAccessKey", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(deployment.AllResources, r => r.Type.EndsWith("/authorizationRules", StringComparison.OrdinalIgnoreCase));
    }

    private static void Walk(JsonNode? node, string path, List<string> offenders)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    var here = $"{path}.{key}";
                    if (IsFlag(key, "allowSharedKeyAccess") && !IsBool(value, false))
                    {
                        offenders.Add($"{here} = {value?.ToJsonString()}");
                    }
                    if (IsFlag(key, "disableLocalAuth") && !IsBool(value, true))
                    {
                        offenders.Add($"{here} = {value?.ToJsonString()}");
                    }
                    if (IsFlag(key, "allowBlobPublicAccess") && !IsBool(value, false))
                    {
                        offenders.Add($"{here} = {value?.ToJsonString()}");
                    }
                    Walk(value, here, offenders);
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], $"{path}[{i}]", offenders);
                }
                break;
        }
    }

    private static bool IsFlag(string key, string flag) => string.Equals(key, flag, StringComparison.OrdinalIgnoreCase);

    private static bool IsBool(JsonNode? value, bool expected) =>
        value is JsonValue v && v.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False
        && v.GetValue<bool>() == expected;
}
