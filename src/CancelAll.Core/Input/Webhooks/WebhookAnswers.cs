using System.Text;
using System.Text.Json;
using CancelAll.Core.Outcomes;

namespace CancelAll.Core.Input.Webhooks;

/// <summary>Answer bodies other than a single outcome.</summary>
internal static class WebhookAnswers
{
    /// <summary>A notification that ran one command per account: <c>{"correlationId":…,"status":…,"outcomes":[…]}</c>.</summary>
    public static string Several(string correlationId, IReadOnlyList<CancelOutcome> outcomes)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("correlationId", correlationId);
            writer.WriteString("status", CancelOutcome.Combine(outcomes.Select(o => o.Status).ToList()).ToString());
            writer.WriteStartArray("outcomes");
            foreach (var outcome in outcomes)
            {
                writer.WriteRawValue(OutcomeJsonContext.Serialize(outcome));
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
