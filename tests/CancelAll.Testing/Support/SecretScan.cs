namespace CancelAll.Core.Tests.Support;

/// <summary>Looks for secret values, and for each long line of a multi-line secret (a PEM body), in captured text.</summary>
public static class SecretScan
{
    /// <summary>The strings to look for: each secret of 6 characters or more, and each line of 12 or more of a multi-line one.</summary>
    public static IEnumerable<string> Needles(IEnumerable<string> secrets) =>
        secrets.Where(s => s.Length >= 6)
            .SelectMany(s => s.Split('\n').Select(l => l.Trim()).Where(l => l.Length >= 12 && !l.StartsWith("-----", StringComparison.Ordinal)).Append(s))
            .Distinct();

    /// <summary>Fails if any text carries a secret; <paramref name="what"/> names the kind of text in the message.</summary>
    public static void AssertNoSecret(IEnumerable<string> secrets, IEnumerable<string> texts, string what)
    {
        var needles = Needles(secrets).ToList();
        foreach (var text in texts)
        {
            foreach (var needle in needles)
            {
                Assert.False(text.Contains(needle, StringComparison.Ordinal), $"A secret value leaked into a {what}: {text[..Math.Min(text.Length, 200)]}");
            }
        }
    }

    /// <summary>Fails if nothing was captured (a scan of nothing proves nothing), or if any captured text carries a secret.</summary>
    public static void AssertNoSecrets(IEnumerable<string> captured, params string[] secrets)
    {
        var texts = captured.ToList();
        Assert.NotEmpty(texts);
        AssertNoSecret(secrets, texts, "captured text");
    }
}
