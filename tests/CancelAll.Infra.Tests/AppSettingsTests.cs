using System.Text.Json.Nodes;

namespace CancelAll.Infra.Tests;

/// <summary>
/// Every setting the app reads is set by the template and listed in local.settings.sample.json, under
/// the same name, and the two agree on what the values mean.
/// </summary>
[Collection(CompiledTemplateGroup.Name)]
public sealed class AppSettingsTests(CompiledTemplate compiled)
{
    /// <summary>The settings the app reads: the contract between the app and its deployment.</summary>
    public static readonly string[] AppReads =
    [
        "AzureWebJobsStorage",
        "FUNCTIONS_WORKER_RUNTIME",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
        "ServiceBusConnection__fullyQualifiedNamespace",
        "ServiceBusConnection__credential",
        "ServiceBusConnection__clientId",
        "CancelRequestsQueue",
        "FlattenSchedule",
        "CancelAll__ManagedIdentityClientId",
        "CancelAll__Exchange__BaseUrl",
        "CancelAll__Exchange__Locale",
        "CancelAll__KeyVault__VaultUri",
        "CancelAll__KeyVault__CacheTtl",
        "CancelAll__Webhook__Secrets",
        "CancelAll__Webhook__DefaultAccount",
        "CancelAll__Webhook__DefaultProductTypes",
        "CancelAll__Queue__MaxDeliveryCount",
        "CancelAll__Replies__Namespace",
        "CancelAll__Replies__Queue",
        "CancelAll__Replies__AllowedQueues",
        "CancelAll__Schedule__Jobs",
        "CancelAll__Schedule__GraceWindow",
        "CancelAll__CoinFuturesMarginCoins",
        "CancelAll__Flatten__VerifyDeadline",
        "HeartbeatLapseSchedule",
        "CancelAll__DeadMan__Accounts",
        "CancelAll__DeadMan__Secrets",
        "CancelAll__DeadMan__TableConnectionString",
        "CancelAll__DeadMan__TableName",
        "CancelAll__Hold__Queue",
        "CancelAll__Hold__Interval",
        "CancelAll__Hold__TableConnectionString",
        "CancelAll__Hold__TableName",
    ];

    /// <summary>
    /// Local names that Azure spells differently: the host storage connection string becomes an identity-based
    /// connection, Flex Consumption takes the worker runtime from functionAppConfig.runtime, not a setting, and the
    /// heartbeat table's Azurite connection string becomes the storage account's table endpoint (identity-based).
    /// </summary>
    public static readonly Dictionary<string, string[]> AzureSpelling = new(StringComparer.Ordinal)
    {
        ["AzureWebJobsStorage"] = ["AzureWebJobsStorage__accountName", "AzureWebJobsStorage__credential", "AzureWebJobsStorage__clientId"],
        ["FUNCTIONS_WORKER_RUNTIME"] = [],
        ["CancelAll__DeadMan__TableConnectionString"] = ["CancelAll__DeadMan__TableEndpoint"],
        ["CancelAll__Hold__TableConnectionString"] = ["CancelAll__Hold__TableEndpoint"],
    };

    /// <summary>Settings whose sample value is a local stand-in, not the template's default.</summary>
    private static readonly HashSet<string> EnvironmentSpecific = new(StringComparer.Ordinal)
    {
        "AzureWebJobsStorage",
        "FUNCTIONS_WORKER_RUNTIME",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
        "ServiceBusConnection__fullyQualifiedNamespace",
        "ServiceBusConnection__credential",
        "ServiceBusConnection__clientId",
        "CancelAll__ManagedIdentityClientId",
        "CancelAll__KeyVault__VaultUri",
        "CancelAll__Webhook__Secrets",
        "CancelAll__Replies__Namespace",
        "CancelAll__Schedule__Jobs",
        "CancelAll__DeadMan__Secrets",
        "CancelAll__DeadMan__TableConnectionString",
        // Holds need the Service Bus namespace, which the sample leaves empty: off locally, on in Azure.
        "CancelAll__Hold__Queue",
        "CancelAll__Hold__TableConnectionString",
    };

    [Fact]
    public void Sample_lists_exactly_the_settings_the_app_reads()
    {
        Assert.False(compiled.SampleSettings["IsEncrypted"]!.GetValue<bool>());
        Assert.Equal(AppReads.Order(StringComparer.Ordinal), compiled.SampleValues.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Template_sets_every_setting_the_app_reads()
    {
        var settings = compiled.Deploy().AppSettings;
        var missing = AppReads
            .SelectMany(name => AzureSpelling.TryGetValue(name, out var azure) ? azure : [name])
            .Where(name => !settings.ContainsKey(name))
            .ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Template_sets_no_setting_that_the_sample_does_not_list()
    {
        var expected = AppReads
            .SelectMany(name => AzureSpelling.TryGetValue(name, out var azure) ? azure : [name])
            .ToHashSet(StringComparer.Ordinal);
        var extra = compiled.Deploy().AppSettings.Keys.Where(name => !expected.Contains(name)).ToList();
        Assert.Empty(extra);
    }

    [Theory]
    [InlineData("FUNCTIONS_WORKER_RUNTIME")]
    [InlineData("FUNCTIONS_EXTENSION_VERSION")]
    [InlineData("WEBSITE_RUN_FROM_PACKAGE")]
    [InlineData("WEBSITE_CONTENTAZUREFILECONNECTIONSTRING")]
    [InlineData("WEBSITE_CONTENTSHARE")]
    [InlineData("WEBSITE_TIME_ZONE")]
    [InlineData("AzureWebJobsStorage")]
    [InlineData("APPINSIGHTS_INSTRUMENTATIONKEY")]
    public void Template_sets_no_setting_that_Flex_Consumption_rejects_or_that_carries_a_key(string name) =>
        Assert.DoesNotContain(name, compiled.Deploy().AppSettings.Keys);

    [Fact]
    public void Worker_runtime_of_the_sample_is_the_runtime_of_the_Flex_app()
    {
        var runtime = compiled.Deploy().FunctionApp.Properties["functionAppConfig"]!["runtime"]!;
        Assert.Equal(compiled.SampleValues["FUNCTIONS_WORKER_RUNTIME"], runtime["name"]!.GetValue<string>());
        Assert.Equal("10.0", runtime["version"]!.GetValue<string>());
    }

    [Fact]
    public void Template_defaults_equal_the_sample_values()
    {
        var settings = compiled.Deploy().AppSettings;
        var different = compiled.SampleValues
            .Where(kv => !EnvironmentSpecific.Contains(kv.Key))
            .Where(kv => !settings.TryGetValue(kv.Key, out var value) || value != kv.Value)
            .Select(kv => $"{kv.Key}: sample '{kv.Value}', template '{settings.GetValueOrDefault(kv.Key)}'")
            .ToList();
        Assert.Empty(different);
    }

    [Fact]
    public void Every_connection_uses_the_user_assigned_identity()
    {
        var deployment = compiled.Deploy();
        var settings = deployment.AppSettings;
        var clientId = deployment.IdentityClientId;

        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Equal(clientId, settings["AzureWebJobsStorage__clientId"]);
        Assert.Equal(deployment.One("Microsoft.Storage/storageAccounts").Name, settings["AzureWebJobsStorage__accountName"]);

        Assert.Equal("managedidentity", settings["ServiceBusConnection__credential"]);
        Assert.Equal(clientId, settings["ServiceBusConnection__clientId"]);
        Assert.Equal($"{deployment.ServiceBus.Name}.servicebus.windows.net", settings["ServiceBusConnection__fullyQualifiedNamespace"]);
        Assert.Equal(settings["ServiceBusConnection__fullyQualifiedNamespace"], settings["CancelAll__Replies__Namespace"]);

        Assert.Equal(clientId, settings["CancelAll__ManagedIdentityClientId"]);
        Assert.Equal($"Authorization=AAD;ClientId={clientId}", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        var appInsights = deployment.One("Microsoft.Insights/components");
        Assert.Equal(new RuntimeReference(appInsights.Id).Property("ConnectionString").ToString(), settings["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
    }

    [Fact]
    public void Vault_settings_point_at_the_deployed_vault_and_webhook_secrets_are_a_vault_reference()
    {
        var deployment = compiled.Deploy();
        var settings = deployment.AppSettings;
        var vaultUri = new RuntimeReference(deployment.KeyVault.Id).Property("vaultUri").ToString();

        Assert.Equal(vaultUri, settings["CancelAll__KeyVault__VaultUri"]);
        Assert.Equal($"@Microsoft.KeyVault(SecretUri={vaultUri}secrets/webhook-secrets/)", settings["CancelAll__Webhook__Secrets"]);
        // The reference resolves with the user-assigned identity, which holds Key Vault Secrets User.
        Assert.Equal(deployment.Identity.Id, deployment.FunctionApp.Properties["keyVaultReferenceIdentity"]!.GetValue<string>());
    }

    [Fact]
    public void Queue_settings_name_the_deployed_queues()
    {
        var deployment = compiled.Deploy(("requestQueueName", "req-x"), ("replyQueueName", "rep-y"));
        var settings = deployment.AppSettings;
        Assert.Equal("req-x", settings["CancelRequestsQueue"]);
        Assert.Equal("rep-y", settings["CancelAll__Replies__Queue"]);
        Assert.Equal("rep-y", settings["CancelAll__Replies__AllowedQueues"]);
        deployment.Queue("req-x");
        deployment.Queue("rep-y");
    }

    [Fact]
    public void Allowed_reply_queues_are_joined_with_commas()
    {
        var settings = compiled.Deploy(("replyAllowedQueues", new[] { "cancel-replies", "desk-2-replies" })).AppSettings;
        Assert.Equal("cancel-replies,desk-2-replies", settings["CancelAll__Replies__AllowedQueues"]);
    }

    [Fact]
    public void Flatten_jobs_array_reaches_the_app_as_the_JSON_string_the_sample_shows()
    {
        var sampleJobs = JsonNode.Parse(compiled.SampleValues["CancelAll__Schedule__Jobs"]) as JsonArray;
        Assert.NotNull(sampleJobs);
        Assert.NotEmpty(sampleJobs);

        var settings = compiled.Deploy(("flattenJobs", sampleJobs)).AppSettings;
        var deployed = JsonNode.Parse(settings["CancelAll__Schedule__Jobs"]);
        Assert.True(JsonNode.DeepEquals(sampleJobs, deployed), settings["CancelAll__Schedule__Jobs"]);

        Assert.Equal("[]", compiled.Deploy().AppSettings["CancelAll__Schedule__Jobs"]);
    }

    [Fact]
    public void Vault_secret_cache_ttl_is_a_TimeSpan()
    {
        var value = compiled.Deploy().AppSettings["CancelAll__KeyVault__CacheTtl"];
        Assert.True(TimeSpan.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var ttl), value);
        Assert.True(ttl > TimeSpan.Zero);
    }
}
