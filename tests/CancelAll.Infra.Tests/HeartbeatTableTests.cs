namespace CancelAll.Infra.Tests;

/// <summary>The dead-man's switch table, the role that reaches it, and the settings that name it.</summary>
[Collection(CompiledTemplateGroup.Name)]
public sealed class HeartbeatTableTests(CompiledTemplate compiled)
{
    private const string Table = "Microsoft.Storage/storageAccounts/tableServices/tables";

    [Fact]
    public void The_heartbeat_table_lives_in_the_apps_storage_account()
    {
        var deployment = compiled.Deploy(("heartbeatTableName", "bots"));
        var storage = deployment.One("Microsoft.Storage/storageAccounts");
        var table = deployment.One(Table);
        Assert.Equal($"{storage.Name}/default/bots", table.Name);
    }

    [Fact]
    public void The_app_identity_holds_Storage_Table_Data_Contributor_on_that_account_and_nothing_broader()
    {
        var deployment = compiled.Deploy();
        var storage = deployment.One("Microsoft.Storage/storageAccounts");
        var table = deployment.One(Table);
        var tableRoles = deployment.OfType("Microsoft.Authorization/roleAssignments")
            .Where(r => r.Properties["roleDefinitionId"]!.GetValue<string>().EndsWith("/" + RoleAssignmentTests.StorageTableDataContributor, StringComparison.Ordinal))
            .ToList();

        var grant = Assert.Single(tableRoles);
        Assert.Equal(deployment.IdentityPrincipalId, grant.Properties["principalId"]!.GetValue<string>());
        Assert.Equal("ServicePrincipal", grant.Properties["principalType"]!.GetValue<string>());
        // Least privilege that works: the storage account holding the table (the host's own tables need it too),
        // never the resource group or the subscription.
        var scope = grant.Body["scope"]!.GetValue<string>();
        Assert.Equal(storage.Id, scope);
        Assert.StartsWith(scope + "/", ArmEvaluator.ResourceId(ArmEvaluator.ResourceGroupId, [table.Type, table.Name]), StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_reach_the_table_with_the_identity_and_the_secrets_from_the_vault()
    {
        var accounts = System.Text.Json.Nodes.JsonNode.Parse("""[{"account":"main","productTypes":["USDT-FUTURES"]}]""");
        var deployment = compiled.Deploy(("heartbeatTableName", "bots"), ("heartbeatLapseSchedule", "*/15 * * * * *"), ("deadManAccounts", accounts));
        var settings = deployment.AppSettings;
        var storage = deployment.One("Microsoft.Storage/storageAccounts");
        var vaultUri = new RuntimeReference(deployment.KeyVault.Id).Property("vaultUri").ToString();

        Assert.Equal(new RuntimeReference(storage.Id).Property("primaryEndpoints").Property("table").ToString(), settings["CancelAll__DeadMan__TableEndpoint"]);
        Assert.Equal("bots", settings["CancelAll__DeadMan__TableName"]);
        Assert.Equal($"@Microsoft.KeyVault(SecretUri={vaultUri}secrets/heartbeat-secrets/)", settings["CancelAll__DeadMan__Secrets"]);
        Assert.Equal("*/15 * * * * *", settings["HeartbeatLapseSchedule"]);
        // No connection string (it would carry an account key): the app's identity reaches the table.
        Assert.DoesNotContain("CancelAll__DeadMan__TableConnectionString", settings.Keys);
    }

    [Fact]
    public void Without_accounts_no_setting_refers_to_the_heartbeat_secret_that_the_quick_start_never_creates()
    {
        var settings = compiled.Deploy().AppSettings;

        Assert.Equal(string.Empty, settings["CancelAll__DeadMan__Secrets"]);
        Assert.DoesNotContain(settings.Values, v => v.Contains("heartbeat-secrets", StringComparison.Ordinal));
        // The references that remain name only secrets the quick start loads.
        Assert.Contains("secrets/webhook-secrets/", settings["CancelAll__Webhook__Secrets"], StringComparison.Ordinal);
    }

    [Fact]
    public void The_switch_is_off_unless_accounts_are_given()
    {
        Assert.Equal("[]", compiled.Deploy().AppSettings["CancelAll__DeadMan__Accounts"]);
        var accounts = System.Text.Json.Nodes.JsonNode.Parse("""[{"account":"main","productTypes":["USDT-FUTURES"],"exchangeCountdown":true}]""");
        var deployed = compiled.Deploy(("deadManAccounts", accounts)).AppSettings["CancelAll__DeadMan__Accounts"];
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(accounts, System.Text.Json.Nodes.JsonNode.Parse(deployed)), deployed);
    }
}
