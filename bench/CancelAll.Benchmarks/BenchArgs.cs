using System.Globalization;
using System.Text.Json;

namespace CancelAll.Benchmarks;

/// <summary>"--name value" pairs and bare "--flag"s.</summary>
public sealed class BenchArgs
{
    private readonly Dictionary<string, string?> values = new(StringComparer.Ordinal);

    public static BenchArgs Parse(IEnumerable<string> args)
    {
        var parsed = new BenchArgs();
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (!list[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{list[i]}'.");
            }

            var hasValue = i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal);
            parsed.values[list[i][2..]] = hasValue ? list[++i] : null;
        }

        return parsed;
    }

    public bool Flag(string name) => values.ContainsKey(name);

    public string? String(string name) => values.TryGetValue(name, out var v) ? v : null;

    public string Required(string name) => String(name) ?? throw new ArgumentException($"--{name} is required.");

    public int Int(string name, int fallback) => String(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}

/// <summary>What every mode prints last, for the suite to read.</summary>
public static class BenchResult
{
    public const string Prefix = "RESULT ";

    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static void Print<T>(T result) => Console.Out.WriteLine(Prefix + JsonSerializer.Serialize(result, Json));

    public static T? Read<T>(string stdout) => stdout.Split('\n').Select(l => l.TrimEnd('\r')).LastOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal)) is { } line
        ? JsonSerializer.Deserialize<T>(line[Prefix.Length..], Json)
        : default;

    /// <summary>The last line of stdout that is a JSON object (the node peers print one plain line).</summary>
    public static T? ReadPlain<T>(string stdout) => stdout.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith('{')) is { } line
        ? JsonSerializer.Deserialize<T>(line, Json)
        : default;

    /// <summary>This process's peak resident set (VmHWM), in KiB; 0 where /proc is not there.</summary>
    public static long SelfPeakRssKb()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
