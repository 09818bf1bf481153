namespace CancelAll.Infra.Tests;

/// <summary>Each role assignment has the expected built-in role and the narrowest scope.</summary>
[Collection(CompiledTemplateGroup.Name)]
public sealed class RoleAssignmentTests(CompiledTemplate compiled)
{
    private const string RoleAssignment = "Microsoft.Authorization/roleAssignments";

    public const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    public const string KeyVaultSecretsOfficer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";
    public const string ServiceBusDataReceiver = "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0";
    public const string ServiceBusDataSender = "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39";
    public const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    public const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    public const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

    private sealed record Grant(string Role, string Scope, string Principal, string PrincipalType);

    private static string RoleDefinition(string roleGuid) =>
        $"{ArmEvaluator.SubscriptionResourceId}/providers/Microsoft.Authorization/roleDefinitions/{roleGuid}";

    private static List<Grant> Grants(Deployment deployment) =>
        deployment.OfType(RoleAssignment)
            .Select(r =>
            {
                // An assignment without scope would land on the whole resource group: never wanted here.
                Assert.NotNull(r.Body["scope"]);
                return new Grant(
                    r.Properties["roleDefinitionId"]!.GetValue<string>(),
                    r.Body["scope"]!.GetValue<string>(),
                    r.Properties["principalId"]!.GetValue<string>(),
                    r.Properties["principalType"]!.GetValue<string>());
            })
            .ToList();

    [Fact]
    public void App_identity_gets_exactly_the_expected_roles_on_the_narrowest_scopes()
    {
        var deployment = compiled.Deploy();
        var app = deployment.IdentityPrincipalId;
        var storage = deployment.One("Microsoft.Storage/storageAccounts").Id;
        var expected = new[]
        {
            new Grant(RoleDefinition(KeyVaultSecretsUser), deployment.KeyVault.Id, app, "ServicePrincipal"),
            new Grant(RoleDefinition(ServiceBusDataReceiver), deployment.Queue("cancel-requests").Id, app, "ServicePrincipal"),
            new Grant(RoleDefinition(ServiceBusDataSender), deployment.Queue("cancel-requests").Id, app, "ServicePrincipal"),
            new Grant(RoleDefinition(ServiceBusDataSender), deployment.Queue("cancel-replies").Id, app, "ServicePrincipal"),
            new Grant(RoleDefinition(StorageBlobDataOwner), storage, app, "ServicePrincipal"),
            new Grant(RoleDefinition(StorageTableDataContributor), storage, app, "ServicePrincipal"),
            new Grant(RoleDefinition(MonitoringMetricsPublisher), deployment.One("Microsoft.Insights/components").Id, app, "ServicePrincipal"),
        };

        var actual = Grants(deployment);
        Assert.Equal(
            expected.Select(g => g.ToString()).Order(StringComparer.Ordinal),
            actual.Select(g => g.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Service_bus_roles_are_on_single_queues_not_the_namespace()
    {
        var deployment = compiled.Deploy(("requesterPrincipalId", "11111111-1111-1111-1111-111111111111"));
        var serviceBusGrants = Grants(deployment)
            .Where(g => g.Role == RoleDefinition(ServiceBusDataReceiver) || g.Role == RoleDefinition(ServiceBusDataSender))
            .ToList();
        Assert.NotEmpty(serviceBusGrants);
        Assert.All(serviceBusGrants, g => Assert.StartsWith(deployment.ServiceBus.Id + "/queues/", g.Scope, StringComparison.Ordinal));
    }

    [Fact]
    public void Role_assignment_names_are_unique_and_stable()
    {
        var deployment = compiled.Deploy(
            ("operatorPrincipalId", "22222222-2222-2222-2222-222222222222"),
            ("requesterPrincipalId", "11111111-1111-1111-1111-111111111111"));
        var names = deployment.OfType(RoleAssignment).Select(r => r.Name).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(names, n => Assert.True(Guid.TryParse(n, out _), n));
    }

    [Fact]
    public void Deployer_roles_are_off_by_default()
    {
        var deployment = compiled.Deploy();
        var app = deployment.IdentityPrincipalId;
        Assert.All(Grants(deployment), g => Assert.Equal(app, g.Principal));
        Assert.DoesNotContain(Grants(deployment), g => g.Role == RoleDefinition(KeyVaultSecretsOfficer));
    }

    [Fact]
    public void Operator_parameter_grants_Key_Vault_Secrets_Officer_on_the_vault_only()
    {
        const string Operator = "22222222-2222-2222-2222-222222222222";
        var deployment = compiled.Deploy(("operatorPrincipalId", Operator), ("operatorPrincipalType", "Group"));
        var grants = Grants(deployment).Where(g => g.Principal == Operator).ToList();
        var grant = Assert.Single(grants);
        Assert.Equal(new Grant(RoleDefinition(KeyVaultSecretsOfficer), deployment.KeyVault.Id, Operator, "Group"), grant);
    }

    [Fact]
    public void Requester_parameter_grants_send_on_requests_and_receive_on_replies()
    {
        const string Requester = "11111111-1111-1111-1111-111111111111";
        var deployment = compiled.Deploy(("requesterPrincipalId", Requester));
        var grants = Grants(deployment).Where(g => g.Principal == Requester).Select(g => g.ToString()).Order(StringComparer.Ordinal);
        var expected = new[]
        {
            new Grant(RoleDefinition(ServiceBusDataSender), deployment.Queue("cancel-requests").Id, Requester, "ServicePrincipal"),
            new Grant(RoleDefinition(ServiceBusDataReceiver), deployment.Queue("cancel-replies").Id, Requester, "ServicePrincipal"),
        }.Select(g => g.ToString()).Order(StringComparer.Ordinal);
        Assert.Equal(expected, grants);
    }

    [Fact]
    public void App_settings_wait_for_the_app_identity_role_assignments()
    {
        // The host must not start before it can reach storage, the vault and the queues.
        var deployment = compiled.Deploy();
        var config = deployment.One("Microsoft.Web/sites/config");
        var dependsOn = config.Body["dependsOn"]!.AsArray().Select(d => d!.GetValue<string>()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var assignments = deployment.OfType(RoleAssignment).ToList();
        Assert.Equal(7, assignments.Count); // six, plus Data Sender on the request queue for hold repeats
        Assert.All(assignments, a => Assert.Contains(a.Id, dependsOn));
    }
}
