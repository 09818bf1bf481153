using System.Text.RegularExpressions;

namespace CancelAll.Infra.Tests;

/// <summary>Every doc that tells someone how to store a key does it without putting the value on the command line.</summary>
[Collection(CompiledTemplateGroup.Name)]
public sealed partial class SecretHandlingDocsTests(CompiledTemplate compiled)
{
    [Fact]
    public void No_doc_stores_a_secret_with_value_on_the_command_line()
    {
        var docs = Directory.EnumerateFiles(compiled.RepoRoot, "*.md", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        var storing = docs
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(compiled.RepoRoot, f), Line: i + 1, Text: line)))
            .Where(l => SecretSet().IsMatch(l.Text))
            .ToList();

        Assert.Contains(storing, l => l.File == Path.Combine("docs", "credentials.md"));
        Assert.All(storing, l => Assert.False(l.Text.Contains("--value", StringComparison.Ordinal), $"{l.File}:{l.Line} passes a secret with --value: {l.Text.Trim()}"));
    }

    [GeneratedRegex(@"az\s+keyvault\s+secret\s+set\b")]
    private static partial Regex SecretSet();
}
