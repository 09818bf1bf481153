// The Service Bus sender of docs/recipes.md, compiled here; RecipeTests checks this file is the snippet, line for line.
using Azure.Identity;
using Azure.Messaging.ServiceBus;

namespace KillSwitchClient;

public static class CancelRequestSender
{
    /// <summary>The queue message: the plain JSON command, with a message id the queue can deduplicate on.</summary>
    public static ServiceBusMessage CancelRequest(string account, string[] productTypes, string reason, string messageId)
    {
        var command = System.Text.Json.JsonSerializer.Serialize(new { version = 1, account, productTypes, scope = "orders", reason });
        return new ServiceBusMessage(BinaryData.FromString(command))
        {
            ContentType = "application/json",
            MessageId = messageId,
            CorrelationId = messageId,
        };
    }

    public static async Task SendAsync(string fullyQualifiedNamespace, ServiceBusMessage message)
    {
        await using var client = new ServiceBusClient(fullyQualifiedNamespace, new DefaultAzureCredential());
        await using var sender = client.CreateSender("cancel-requests");
        await sender.SendMessageAsync(message);
    }
}
