namespace CancelAll.Core.Tests.Support;

public static class SecretScan
{
    /// <summary>Fails if any captured text contains any secret, or a long enough piece of one (e.g. a PEM line).</summary>
    public static void AssertNoSecrets(IEnumerable<string> captured, params string[] secrets)
    {
        var texts = captured.ToList();
        Assert.NotEmpty(texts);
        var needles = secrets
            .SelectMany(s => s.Contains('\n', StringComparison.Ordinal) ? s.Split('\n').Select(l => l.Trim()).Where(l => l.Length >= 16 && !l.StartsWith("-----", StringComparison.Ordinal)) : [s])
            .ToList();
        foreach (var text in texts)
        {
            foreach (var needle in needles)
            {
                Assert.False(text.Contains(needle, StringComparison.Ordinal), $"A secret leaked into: {text[..Math.Min(text.Length, 200)]}");
            }
        }
    }
}
