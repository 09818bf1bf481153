// Cancel-all kill switch for Bitget futures: the whole deployment in one resource group.
//
// Plain `resource` declarations only (no registry modules: CI has no network).
// Every identity-based connection uses one user-assigned managed identity (UAMI); no resource accepts
// shared keys or local (SAS / API key / instrumentation key) authentication.
// Role assignments are scoped to the narrowest resource that works: the vault, a single queue, the
// App Insights component, the storage account (the Functions host needs several containers in it).
//
// Deploy: see infra/README.md. Validated offline by .ci/bicep.sh (build + lint, warnings fail) and by
// tests/CancelAll.Infra.Tests (reads the compiled ARM JSON).

targetScope = 'resourceGroup'

// ---------------------------------------------------------------------------------------------------
// Naming and placement
// ---------------------------------------------------------------------------------------------------

@description('Region for every resource. Must be a region that offers Flex Consumption (az functionapp list-flexconsumption-locations).')
param location string = resourceGroup().location

@description('Short prefix for resource names: lower-case letters and digits only.')
@minLength(3)
@maxLength(9)
param namePrefix string = 'cancelall'

@description('Suffix that makes global names unique. Stable for a given resource group and prefix.')
@minLength(5)
@maxLength(13)
param resourceToken string = toLower(uniqueString(subscription().id, resourceGroup().id, namePrefix))

@description('Tags for every resource.')
param tags object = {}

// ---------------------------------------------------------------------------------------------------
// Function app (Flex Consumption)
// ---------------------------------------------------------------------------------------------------

@description('Upper bound on the function app\'s instances (Flex Consumption). Each instance has its own per-account rate limiter and storm coalescer, so a storm spread over k instances sends an account up to k times the calls, and Bitget answers the excess with 429 (measured: BENCHMARKS.md, scale-out). 4 leaves room for the HTTP group, the queue function and the timers. See README "Scale-out".')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 4

@description('Concurrent requests one instance of the HTTP functions takes before Flex Consumption adds another. High, so that a webhook storm lands on one instance, where the account\'s limiter and the storm coalescer hold. See README "Scale-out".')
@minValue(1)
@maxValue(1000)
param httpPerInstanceConcurrency int = 1000

@description('Memory of each Flex Consumption instance, in MB. It also sets the CPU: typically 0.25 core for 512, 1 core for 2048, 2 cores for 4096 (a cold start uses a second core; see README "Always-ready instances").')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Always-ready instances for the HTTP functions (webhook, heartbeat, health): they stay warm, so the first alert after a quiet spell is answered without a cold start (TradingView waits 3 s). 0: none, pay only per execution. Each one is billed around the clock at the always-ready baseline rate for instanceMemoryMB; see README "Always-ready instances".')
@minValue(0)
@maxValue(20)
param alwaysReadyHttpInstances int = 0

// ---------------------------------------------------------------------------------------------------
// Optional static outbound IP (VNet integration + NAT gateway + public IP)
// ---------------------------------------------------------------------------------------------------

@description('Give the app one static outbound IP address (VNet integration, NAT gateway, Standard public IP), so Bitget API keys can be bound to it. Off: the app calls out from addresses Azure shares and may change. Costs about one NAT gateway and one public IP per month; see README "Static outbound IP".')
param staticOutboundIp bool = false

@description('Address space of the VNet created when staticOutboundIp is on.')
param vnetAddressPrefix string = '10.40.0.0/16'

@description('Subnet the app is integrated with (delegated to Microsoft.App/environments, as Flex Consumption requires; /28 or larger, /27 or larger recommended).')
param appSubnetPrefix string = '10.40.1.0/24'

// ---------------------------------------------------------------------------------------------------
// Key Vault
// ---------------------------------------------------------------------------------------------------

@description('Public network access to the vault. "Disabled" needs a private endpoint and VNet integration of the app, which this template does not create.')
@allowed([
  'Enabled'
  'Disabled'
])
param keyVaultPublicNetworkAccess string = 'Enabled'

@description('Days a deleted vault or secret can be recovered (soft delete). Purge protection is always on.')
@minValue(7)
@maxValue(90)
param keyVaultSoftDeleteRetentionInDays int = 90

// ---------------------------------------------------------------------------------------------------
// Service Bus
// ---------------------------------------------------------------------------------------------------

@description('Queue the app receives cancel requests from (app setting CancelRequestsQueue).')
@minLength(1)
@maxLength(260)
param requestQueueName string = 'cancel-requests'

@description('Queue the app sends replies to (app setting CancelAll__Replies__Queue).')
@minLength(1)
@maxLength(260)
param replyQueueName string = 'cancel-replies'

@description('Deliveries of a request before Service Bus dead-letters it. One value feeds both the request queue and the app setting CancelAll__Queue__MaxDeliveryCount, so they cannot drift apart.')
@minValue(1)
@maxValue(100)
param maxDeliveryCount int = 5

@description('Lock duration of a request while the app handles it (ISO 8601, at most PT5M).')
param requestLockDuration string = 'PT1M'

@description('Time a request may wait in the queue before it expires into the dead-letter queue (ISO 8601).')
param requestTimeToLive string = 'PT1H'

@description('Whether the reply queue requires sessions. Requesters set ReplyToSessionId and receive their own reply on that session. Cannot be changed after the queue exists.')
param replyQueueRequiresSession bool = true

@description('Duplicate detection window of the request queue (ISO 8601). Hold repeats are scheduled on the request queue with a MessageId of target + interval slot; the window must cover CancelAll__Hold__Interval. Cannot be turned off after the queue exists.')
param requestDuplicateDetectionWindow string = 'PT10M'

@description('How often a held target is checked (CancelAll__Hold__Interval, 00:00:10 to 00:10:00).')
param holdInterval string = '00:01:00'

@description('Duplicate detection window of the reply queue (ISO 8601). A redelivered request yields a reply with the same MessageId, which Service Bus drops inside this window.')
param replyDuplicateDetectionWindow string = 'PT10M'

@description('Time a reply waits for its requester before it expires (ISO 8601).')
param replyTimeToLive string = 'PT1H'

@description('Reply queues a request\'s ReplyTo may name (CancelAll__Replies__AllowedQueues). Empty: only the reply queue.')
param replyAllowedQueues array = []

// ---------------------------------------------------------------------------------------------------
// App options (section CancelAll) and timer
// ---------------------------------------------------------------------------------------------------

@description('Bitget REST base URL.')
param exchangeBaseUrl string = 'https://api.bitget.com'

@description('Locale header sent to Bitget.')
param exchangeLocale string = 'en-US'

@description('How long the app caches secrets read from the vault (TimeSpan, hh:mm:ss).')
param keyVaultCacheTtl string = '00:05:00'

@description('Account used when a webhook names none.')
param webhookDefaultAccount string = 'main'

@description('Product types used when a webhook names none (comma-separated, or "all").')
param webhookDefaultProductTypes string = 'all'

@description('NCRONTAB (with seconds) of the flatten timer. The app decides in code which session ends are due.')
param flattenSchedule string = '0 * * * * *'

@description('Flatten jobs, passed to the app as a JSON string (CancelAll__Schedule__Jobs). Example item: {"name":"us-close","accounts":["main"],"productTypes":["all"],"sessionEnd":"16:00","timeZone":"America/New_York","days":"Mon-Fri","scope":"flatten"}')
param flattenJobs array = []

@description('Margin coins that `all` cancels COIN-FUTURES for (comma-separated; Bitget cancels coin-margined orders one margin coin at a time).')
param coinFuturesMarginCoins string = 'BTC,ETH'

@description('How late a timer run may be and still flatten a session end (TimeSpan).')
param scheduleGraceWindow string = '00:15:00'

@description('How long verify keeps re-running missing steps before it reports what is left (TimeSpan).')
param flattenVerifyDeadline string = '00:00:10'

// ---------------------------------------------------------------------------------------------------
// Dead-man's switch
// ---------------------------------------------------------------------------------------------------

@description('Accounts a heartbeat may arm, passed to the app as a JSON string (CancelAll__DeadMan__Accounts). Empty: the switch is off. Example item: {"account":"main","productTypes":["USDT-FUTURES"],"exchangeCountdown":false}. The per-account secrets go into the vault secret heartbeat-secrets as account:secret pairs.')
param deadManAccounts array = []

@description('Table (in the app\'s storage account) that holds one row per armed account.')
@minLength(3)
@maxLength(63)
param heartbeatTableName string = 'heartbeats'

@description('NCRONTAB (with seconds) of the timer that finds lapsed heartbeats. A lapse is noticed at most this long after it happens.')
param heartbeatLapseSchedule string = '*/10 * * * * *'

// ---------------------------------------------------------------------------------------------------
// Optional role assignments for people and callers (off by default)
// ---------------------------------------------------------------------------------------------------

@description('Object id of the operator who loads exchange keys into the vault (gets Key Vault Secrets Officer on the vault). Empty: no assignment.')
param operatorPrincipalId string = ''

@description('Principal type of operatorPrincipalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param operatorPrincipalType string = 'User'

@description('Object id of a requester that sends cancel requests and reads replies (gets Service Bus Data Sender on the request queue and Data Receiver on the reply queue). Empty: no assignment.')
param requesterPrincipalId string = ''

@description('Principal type of requesterPrincipalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param requesterPrincipalType string = 'ServicePrincipal'

// ---------------------------------------------------------------------------------------------------
// Names and fixed values
// ---------------------------------------------------------------------------------------------------

var functionAppName = 'func-${namePrefix}-${resourceToken}'
var planName = 'plan-${namePrefix}-${resourceToken}'
var identityName = 'id-${namePrefix}-${resourceToken}'
var storageAccountName = take('st${namePrefix}${resourceToken}', 24)
var keyVaultName = take('kv-${namePrefix}-${resourceToken}', 24)
var serviceBusNamespaceName = 'sb-${namePrefix}-${resourceToken}'
var logAnalyticsName = 'log-${namePrefix}-${resourceToken}'
var appInsightsName = 'appi-${namePrefix}-${resourceToken}'
var deploymentContainerName = 'app-package'
var vnetName = 'vnet-${namePrefix}-${resourceToken}'
var natGatewayName = 'ng-${namePrefix}-${resourceToken}'
var publicIpName = 'pip-${namePrefix}-${resourceToken}'
var appSubnetName = 'app'

// The webhook shared secrets live in the vault under this name; the template never sets its value.
var webhookSecretsSecretName = 'webhook-secrets'

// The per-account heartbeat secrets (account:secret, comma-separated) of the dead-man's switch; never set here either.
var heartbeatSecretsSecretName = 'heartbeat-secrets'

// ---------------------------------------------------------------------------------------------------
// Identity
// ---------------------------------------------------------------------------------------------------

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: identityName
  location: location
  tags: tags
}

// ---------------------------------------------------------------------------------------------------
// Storage: AzureWebJobsStorage (host) and the Flex deployment container, identity only
// ---------------------------------------------------------------------------------------------------

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }

  resource blobService 'blobServices' = {
    name: 'default'

    resource deploymentContainer 'containers' = {
      name: deploymentContainerName
      properties: {
        publicAccess: 'None'
      }
    }
  }

  // The dead-man's switch state. The app's identity reaches it through Storage Table Data Contributor on this account.
  resource tableService 'tableServices' = {
    name: 'default'

    resource heartbeatTable 'tables' = {
      name: heartbeatTableName
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Optional static outbound IP: the app's outbound traffic leaves through a NAT gateway with one public IP
// ---------------------------------------------------------------------------------------------------

resource outboundIp 'Microsoft.Network/publicIPAddresses@2024-05-01' = if (staticOutboundIp) {
  name: publicIpName
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Regional'
  }
  properties: {
    publicIPAddressVersion: 'IPv4'
    publicIPAllocationMethod: 'Static'
    idleTimeoutInMinutes: 4
  }
}

resource natGateway 'Microsoft.Network/natGateways@2024-05-01' = if (staticOutboundIp) {
  name: natGatewayName
  location: location
  tags: tags
  sku: {
    name: 'Standard'
  }
  properties: {
    idleTimeoutInMinutes: 4
    publicIpAddresses: [
      {
        id: outboundIp.id
      }
    ]
  }
}

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = if (staticOutboundIp) {
  name: vnetName
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        vnetAddressPrefix
      ]
    }
    subnets: [
      {
        name: appSubnetName
        properties: {
          addressPrefix: appSubnetPrefix
          // Flex Consumption integrates only with a subnet delegated to Microsoft.App/environments.
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
          natGateway: {
            id: natGateway.id
          }
        }
      }
    ]
  }
}

// ---------------------------------------------------------------------------------------------------
// Monitoring: Log Analytics + workspace-based Application Insights, Entra ID ingestion only
// ---------------------------------------------------------------------------------------------------

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
    features: {
      disableLocalAuth: true
    }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    IngestionMode: 'LogAnalytics'
    // No instrumentation-key ingestion: telemetry needs an Entra token (APPLICATIONINSIGHTS_AUTHENTICATION_STRING).
    DisableLocalAuth: true
  }
}

// ---------------------------------------------------------------------------------------------------
// Key Vault: RBAC only, soft delete + purge protection. Holds the exchange keys; no secret values here.
// ---------------------------------------------------------------------------------------------------

resource keyVault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: keyVaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: keyVaultSoftDeleteRetentionInDays
    enablePurgeProtection: true
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    publicNetworkAccess: keyVaultPublicNetworkAccess
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: keyVaultPublicNetworkAccess == 'Enabled' ? 'Allow' : 'Deny'
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Service Bus: Entra ID only; request queue (trigger) and reply queue (REST sends from the app)
// ---------------------------------------------------------------------------------------------------

resource serviceBus 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: serviceBusNamespaceName
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }

  resource requestQueue 'queues' = {
    name: requestQueueName
    properties: {
      // The app does not need sessions on the request queue: any instance may handle any request.
      // Requesters correlate through ReplyToSessionId, which applies to the reply queue.
      requiresSession: false
      // Must equal CancelAll__Queue__MaxDeliveryCount (same parameter below).
      maxDeliveryCount: maxDeliveryCount
      lockDuration: requestLockDuration
      defaultMessageTimeToLive: requestTimeToLive
      deadLetteringOnMessageExpiration: true
      // Hold repeats are scheduled here with a MessageId of target + interval slot: copies from overlapping holds
      // are dropped. The window must cover CancelAll__Hold__Interval (at most 10 minutes).
      requiresDuplicateDetection: true
      duplicateDetectionHistoryTimeWindow: requestDuplicateDetectionWindow
      enablePartitioning: false
    }
  }

  resource replyQueue 'queues' = {
    name: replyQueueName
    properties: {
      requiresSession: replyQueueRequiresSession
      // A redelivered request makes the app send its reply again with the same MessageId: dropped here.
      requiresDuplicateDetection: true
      duplicateDetectionHistoryTimeWindow: replyDuplicateDetectionWindow
      defaultMessageTimeToLive: replyTimeToLive
      deadLetteringOnMessageExpiration: false
      maxDeliveryCount: 10
      enablePartitioning: false
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Role assignments for the app's identity (narrowest scope)
// ---------------------------------------------------------------------------------------------------

// Key Vault Secrets User: read secret values (exchange keys, webhook secrets) in this vault only.
resource vaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, identity.id, '4633458b-17de-408a-b874-0445c86b69e6')
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Azure Service Bus Data Receiver: the trigger receives from the request queue only.
resource requestQueueReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(serviceBus::requestQueue.id, identity.id, '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0')
  scope: serviceBus::requestQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0')
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Azure Service Bus Data Sender: replies go to the reply queue only.
resource replyQueueSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(serviceBus::replyQueue.id, identity.id, '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39')
  scope: serviceBus::replyQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39')
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Azure Service Bus Data Sender on the request queue: hold repeats are scheduled messages to the app's own queue.
resource requestQueueSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(serviceBus::requestQueue.id, identity.id, '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39')
  scope: serviceBus::requestQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39')
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Storage Blob Data Owner: the Functions host (keys, timer locks) and the Flex deployment package.
resource storageBlobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b')
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b')
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Storage Table Data Contributor: the host persists its diagnostic events in table storage.
resource storageTableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Monitoring Metrics Publisher: Entra ID telemetry ingestion into this component only.
resource appInsightsMetricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, identity.id, '3913510d-42f4-4e42-8a64-420c390055eb')
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '3913510d-42f4-4e42-8a64-420c390055eb')
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// ---------------------------------------------------------------------------------------------------
// Optional role assignments for people and callers
// ---------------------------------------------------------------------------------------------------

// Key Vault Secrets Officer for the operator who loads the exchange keys.
resource operatorSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  name: guid(keyVault.id, operatorPrincipalId, 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7')
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7')
    principalId: operatorPrincipalId
    principalType: operatorPrincipalType
  }
}

// Azure Service Bus Data Sender on the request queue for a requester.
resource requesterRequestSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(requesterPrincipalId)) {
  name: guid(serviceBus::requestQueue.id, requesterPrincipalId, '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39')
  scope: serviceBus::requestQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39')
    principalId: requesterPrincipalId
    principalType: requesterPrincipalType
  }
}

// Azure Service Bus Data Receiver on the reply queue for a requester.
resource requesterReplyReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(requesterPrincipalId)) {
  name: guid(serviceBus::replyQueue.id, requesterPrincipalId, '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0')
  scope: serviceBus::replyQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0')
    principalId: requesterPrincipalId
    principalType: requesterPrincipalType
  }
}

// ---------------------------------------------------------------------------------------------------
// Flex Consumption plan and function app
// ---------------------------------------------------------------------------------------------------

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true // Linux
  }
}

resource functionApp 'Microsoft.Web/sites@2024-11-01' = {
  name: functionAppName
  location: location
  tags: union(tags, { 'azd-service-name': 'cancel-all' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // With the static outbound IP: VNet integration, so outbound calls (Bitget) leave through the NAT gateway.
    virtualNetworkSubnetId: staticOutboundIp ? resourceId('Microsoft.Network/virtualNetworks/subnets', vnetName, appSubnetName) : null
    // Key Vault references in app settings resolve with the UAMI.
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        triggers: {
          http: {
            perInstanceConcurrency: httpPerInstanceConcurrency
          }
        }
        // "http" is the group of every HTTP-triggered function; timer and Service Bus scale on demand.
        alwaysReady: alwaysReadyHttpInstances > 0
          ? [
              {
                name: 'http'
                instanceCount: alwaysReadyHttpInstances
              }
            ]
          : []
      }
      // Flex takes the worker runtime from here; it rejects the FUNCTIONS_WORKER_RUNTIME app setting.
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
  // The subnet is named by resourceId above (it exists only with staticOutboundIp), so wait for it explicitly.
  dependsOn: [
    vnet
  ]

  // No basic-auth publishing (FTP, SCM): deployments authenticate with Entra ID.
  resource ftpPublishing 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scmPublishing 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }

  // Every setting the app reads, named as in local.settings.sample.json. Applied after the roles exist,
  // so the host never starts without access to its storage, vault and queues.
  resource appSettings 'config' = {
    name: 'appsettings'
    properties: {
      AzureWebJobsStorage__accountName: storage.name
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identity.properties.clientId
      APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD;ClientId=${identity.properties.clientId}'
      ServiceBusConnection__fullyQualifiedNamespace: '${serviceBus.name}.servicebus.windows.net'
      ServiceBusConnection__credential: 'managedidentity'
      ServiceBusConnection__clientId: identity.properties.clientId
      CancelRequestsQueue: serviceBus::requestQueue.name
      FlattenSchedule: flattenSchedule
      CancelAll__ManagedIdentityClientId: identity.properties.clientId
      CancelAll__Exchange__BaseUrl: exchangeBaseUrl
      CancelAll__Exchange__Locale: exchangeLocale
      CancelAll__KeyVault__VaultUri: keyVault.properties.vaultUri
      CancelAll__KeyVault__CacheTtl: keyVaultCacheTtl
      CancelAll__Webhook__Secrets: '@Microsoft.KeyVault(SecretUri=${keyVault.properties.vaultUri}secrets/${webhookSecretsSecretName}/)'
      CancelAll__Webhook__DefaultAccount: webhookDefaultAccount
      CancelAll__Webhook__DefaultProductTypes: webhookDefaultProductTypes
      CancelAll__Queue__MaxDeliveryCount: string(maxDeliveryCount)
      CancelAll__Replies__Namespace: '${serviceBus.name}.servicebus.windows.net'
      CancelAll__Replies__Queue: serviceBus::replyQueue.name
      CancelAll__Replies__AllowedQueues: join(empty(replyAllowedQueues) ? [replyQueueName] : replyAllowedQueues, ',')
      CancelAll__Schedule__Jobs: string(flattenJobs)
      CancelAll__Schedule__GraceWindow: scheduleGraceWindow
      CancelAll__CoinFuturesMarginCoins: coinFuturesMarginCoins
      CancelAll__Flatten__VerifyDeadline: flattenVerifyDeadline
      HeartbeatLapseSchedule: heartbeatLapseSchedule
      CancelAll__DeadMan__Accounts: string(deadManAccounts)
      // Only with accounts: a reference to a secret nobody created is a standing Key Vault reference error on the app.
      CancelAll__DeadMan__Secrets: empty(deadManAccounts) ? '' : '@Microsoft.KeyVault(SecretUri=${keyVault.properties.vaultUri}secrets/${heartbeatSecretsSecretName}/)'
      CancelAll__DeadMan__TableEndpoint: storage.properties.primaryEndpoints.table
      CancelAll__DeadMan__TableName: storage::tableService::heartbeatTable.name
      CancelAll__Hold__Queue: serviceBus::requestQueue.name
      CancelAll__Hold__Interval: holdInterval
      CancelAll__Hold__TableEndpoint: storage.properties.primaryEndpoints.table
      CancelAll__Hold__TableName: storage::tableService::heartbeatTable.name
    }
    dependsOn: [
      vaultSecretsUser
      requestQueueReceiver
      requestQueueSender
      replyQueueSender
      storageBlobDataOwner
      storageTableDataContributor
      appInsightsMetricsPublisher
    ]
  }
}

// ---------------------------------------------------------------------------------------------------
// Outputs (azd stores them in the environment)
// ---------------------------------------------------------------------------------------------------

output AZURE_FUNCTION_APP_NAME string = functionApp.name
output FUNCTION_APP_URL string = 'https://${functionApp.properties.defaultHostName}'
output KEY_VAULT_NAME string = keyVault.name
output KEY_VAULT_URI string = keyVault.properties.vaultUri
output SERVICE_BUS_NAMESPACE string = '${serviceBus.name}.servicebus.windows.net'
output REQUEST_QUEUE_NAME string = serviceBus::requestQueue.name
output REPLY_QUEUE_NAME string = serviceBus::replyQueue.name
output MANAGED_IDENTITY_CLIENT_ID string = identity.properties.clientId

@description('The static outbound IP to bind to the Bitget API key (empty while staticOutboundIp is off).')
output OUTBOUND_IP string = staticOutboundIp ? outboundIp!.properties.ipAddress : ''
