using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace CancelAll.Core.Tests.Contract;

/// <summary>The repository's schema file (docs/schema), loaded once, and an assertion that names every violation.</summary>
public static class OutcomeSchema
{
    public const string FileName = "cancel-all.outcome.v2.schema.json";

    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(PathInRepository())));

    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    /// <summary>Validates the document and returns it parsed, for the test's own assertions.</summary>
    public static JsonNode AssertValid(string json)
    {
        var node = JsonNode.Parse(json) ?? throw new InvalidOperationException("The document is JSON null.");
        var result = Evaluate(json);
        if (!result.IsValid)
        {
            var errors = (result.Details ?? [])
                .Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"));
            Assert.Fail($"The document does not match {FileName}:\n{string.Join("\n", errors)}\n{json}");
        }

        return node;
    }

    public static EvaluationResults Evaluate(string json)
    {
        using var parsed = JsonDocument.Parse(json);
        return Schema.Value.Evaluate(parsed.RootElement, Options);
    }

    private static string PathInRepository()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "docs", "schema", FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"docs/schema/{FileName} was not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>For assertions: a string property, or null.</summary>
    public static string? Text(this JsonNode node, string name) => node[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
