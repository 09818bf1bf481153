using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CancelAll.Infra.Tests;

/// <summary>Outputs, the parameters file, azure.yaml and the README agree with the template.</summary>
[Collection(CompiledTemplateGroup.Name)]
public sealed partial class DeploymentFilesTests(CompiledTemplate compiled)
{
    [Theory]
    [InlineData("AZURE_FUNCTION_APP_NAME")]
    [InlineData("FUNCTION_APP_URL")]
    [InlineData("KEY_VAULT_URI")]
    [InlineData("REQUEST_QUEUE_NAME")]
    [InlineData("REPLY_QUEUE_NAME")]
    public void Template_outputs(string name) => Assert.NotNull(compiled.Deploy().Outputs[name]);

    [Fact]
    public void Outputs_name_the_deployed_resources()
    {
        var deployment = compiled.Deploy();
        string Output(string name) => deployment.Outputs[name]!["value"]!.GetValue<string>();
        Assert.Equal(deployment.FunctionApp.Name, Output("AZURE_FUNCTION_APP_NAME"));
        Assert.Equal($"https://{new RuntimeReference(deployment.FunctionApp.Id).Property("defaultHostName")}", Output("FUNCTION_APP_URL"));
        Assert.Equal(new RuntimeReference(deployment.KeyVault.Id).Property("vaultUri").ToString(), Output("KEY_VAULT_URI"));
        Assert.Equal("cancel-requests", Output("REQUEST_QUEUE_NAME"));
        Assert.Equal("cancel-replies", Output("REPLY_QUEUE_NAME"));
        deployment.Queue(Output("REQUEST_QUEUE_NAME"));
        deployment.Queue(Output("REPLY_QUEUE_NAME"));
    }

    [Fact]
    public void Parameters_file_names_only_template_parameters_with_valid_values()
    {
        // ArmEvaluator rejects unknown names and values outside allowedValues.
        var deployment = compiled.DeployWithParametersFile();
        Assert.NotEmpty(deployment.Resources);
        var declared = compiled.Template["parameters"]!.AsObject();
        foreach (var (name, value) in compiled.ParametersFile["parameters"]!.AsObject())
        {
            Assert.True(declared.ContainsKey(name), name);
            Assert.NotNull(value?["value"]);
        }
    }

    [Fact]
    public void Parameters_file_leaves_deployer_roles_off()
    {
        var deployment = compiled.DeployWithParametersFile();
        Assert.All(
            deployment.OfType("Microsoft.Authorization/roleAssignments"),
            r => Assert.Equal(deployment.IdentityPrincipalId, r.Properties["principalId"]!.GetValue<string>()));
    }

    [Fact]
    public void Resource_names_fit_their_limits()
    {
        // The longest prefix and token the parameters allow.
        var deployment = compiled.Deploy(("namePrefix", "abcdefghi"), ("resourceToken", "abcdefghijklm"));
        var storage = deployment.One("Microsoft.Storage/storageAccounts").Name;
        Assert.Matches("^[a-z0-9]{3,24}$", storage);
        Assert.Matches("^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$", deployment.KeyVault.Name);
        Assert.InRange(deployment.ServiceBus.Name.Length, 6, 50);
        Assert.InRange(deployment.FunctionApp.Name.Length, 2, 60);
    }

    [Fact]
    public void Azure_yaml_deploys_the_function_project_with_the_bicep_template()
    {
        var yaml = compiled.ReadText("azure.yaml");
        Assert.Matches(@"(?m)^infra:\s*$", yaml);
        Assert.Matches(@"(?m)^\s+provider:\s*bicep\s*$", yaml);
        Assert.Matches(@"(?m)^\s+path:\s*infra\s*$", yaml);
        Assert.Matches(@"(?m)^\s+module:\s*main\s*$", yaml);
        Assert.Matches(@"(?m)^  cancel-all:\s*$", yaml);
        Assert.Matches(@"(?m)^\s+project:\s*\.?/?src/CancelAllFunction/?\s*$", yaml);
        Assert.Matches(@"(?m)^\s+language:\s*dotnet\s*$", yaml);
        Assert.Matches(@"(?m)^\s+host:\s*function\s*$", yaml);
    }

    [Fact]
    public void Readme_documents_the_exact_secret_names_the_app_reads()
    {
        var readme = compiled.ReadText(Path.Combine("infra", "README.md"));
        foreach (var name in new[]
                 {
                     "bitget-<account>-api-key", "bitget-<account>-api-secret", "bitget-<account>-passphrase",
                     "bitget-<account>-demo", "webhook-secrets",
                 })
        {
            Assert.Contains(name, readme, StringComparison.Ordinal);
        }
        Assert.Contains("azd up", readme, StringComparison.Ordinal);
        Assert.Contains("az deployment group create", readme, StringComparison.Ordinal);
        Assert.Contains("az keyvault secret set", readme, StringComparison.Ordinal);
        // Secret values come from files, never from the command line.
        Assert.DoesNotMatch(SecretOnCommandLine(), readme);
    }

    [GeneratedRegex(@"az keyvault secret set[^\n]*--value\s")]
    private static partial Regex SecretOnCommandLine();

    [Fact]
    public void Sample_settings_file_is_plain_json_with_string_values()
    {
        var values = compiled.SampleSettings["Values"]!.AsObject();
        Assert.All(values, kv => Assert.Equal(System.Text.Json.JsonValueKind.String, kv.Value!.GetValueKind()));
        Assert.IsType<JsonArray>(JsonNode.Parse(values["CancelAll__Schedule__Jobs"]!.GetValue<string>()));
    }
}
