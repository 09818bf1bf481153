using System.Text.Json.Nodes;
using CancelAll.Core.Replies;
using CancelAll.Core.Tests.Replies;

namespace CancelAll.Core.Tests.Contract;

/// <summary>The schema file is strict enough to catch a wrong document: the validation in the other tests is not vacuous.</summary>
public class SchemaFileTests
{
    private static JsonObject Valid() => JsonNode.Parse(ReplyJsonContext.Serialize(ReplyMapper.ToDocument(TestOutcomes.PartiallyFailed())))!.AsObject();

    [Fact]
    public void A_mapped_document_is_valid()
    {
        Assert.True(OutcomeSchema.Evaluate(Valid().ToJsonString()).IsValid);
    }

    [Theory]
    [InlineData("schema", "cancel-all.reply/v1")]
    [InlineData("status", "Done")]
    [InlineData("cancelledCount", "two")]
    [InlineData("startedAt", "yesterday")]
    [InlineData("surprise", "a field the contract does not have")]
    public void A_wrong_field_is_refused(string field, string value)
    {
        var document = Valid();
        document[field] = value;
        Assert.False(OutcomeSchema.Evaluate(document.ToJsonString()).IsValid);
    }

    [Theory]
    [InlineData("headline")]
    [InlineData("correlationId")]
    [InlineData("targets")]
    public void A_missing_field_is_refused(string field)
    {
        var document = Valid();
        document.Remove(field);
        Assert.False(OutcomeSchema.Evaluate(document.ToJsonString()).IsValid);
    }

    [Fact]
    public void An_error_without_a_message_is_refused()
    {
        var document = Valid();
        document["targets"]![0]!["error"]!.AsObject().Remove("message");
        Assert.False(OutcomeSchema.Evaluate(document.ToJsonString()).IsValid);
    }
}
