using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CancelAll.Infra.Tests;

/// <summary>
/// Compiles infra/main.bicep once per test run with the Bicep CLI restored by this project
/// (PackageDownload) and exposes the ARM JSON, the repository files next to it, and deployments
/// evaluated with chosen parameter values. No network: bicep runs in an empty network namespace
/// when the machine can make one.
/// </summary>
public sealed class CompiledTemplate
{
    public CompiledTemplate()
    {
        RepoRoot = FindRepoRoot();
        var bicep = typeof(CompiledTemplate).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "BicepPath").Value
            ?? throw new InvalidOperationException("BicepPath metadata missing");
        if (!File.Exists(bicep))
        {
            throw new InvalidOperationException($"Bicep CLI not found at {bicep}; restore tests/CancelAll.Infra.Tests first.");
        }
        EnsureExecutable(bicep);

        var (exitCode, stdout, stderr) = RunBicep(bicep, "build", Path.Combine(RepoRoot, "infra", "main.bicep"), "--stdout");
        BuildDiagnostics = stderr;
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"bicep build failed ({exitCode}):\n{stderr}");
        }
        Template = JsonNode.Parse(stdout) as JsonObject ?? throw new InvalidOperationException("bicep printed no JSON object");
        SampleSettings = ReadJson("local.settings.sample.json");
        ParametersFile = ReadJson(Path.Combine("infra", "main.parameters.json"));
    }

    public string RepoRoot { get; }

    public JsonObject Template { get; }

    /// <summary>What bicep printed on stderr while building: warnings and errors.</summary>
    public string BuildDiagnostics { get; }

    public JsonObject SampleSettings { get; }

    public JsonObject ParametersFile { get; }

    public IReadOnlyDictionary<string, string> SampleValues =>
        (SampleSettings["Values"] as JsonObject ?? throw new InvalidOperationException("Values missing"))
            .ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>(), StringComparer.Ordinal);

    public JsonObject ReadJson(string relativePath) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot, relativePath))) as JsonObject
            ?? throw new InvalidOperationException($"{relativePath} is not a JSON object");

    public string ReadText(string relativePath) => File.ReadAllText(Path.Combine(RepoRoot, relativePath));

    /// <summary>Evaluates the template with defaults, overridden by the given parameter values.</summary>
    public Deployment Deploy(params (string Name, object? Value)[] parameters)
    {
        var values = parameters.ToDictionary(
            p => p.Name,
            p => JsonNode.Parse(JsonSerializer.Serialize(p.Value)),
            StringComparer.OrdinalIgnoreCase);
        return new Deployment(Template, values);
    }

    /// <summary>Evaluates the template with the values of infra/main.parameters.json.</summary>
    public Deployment DeployWithParametersFile()
    {
        var parameters = ParametersFile["parameters"] as JsonObject ?? [];
        var values = parameters.ToDictionary(
            kv => kv.Key,
            kv => kv.Value?["value"]?.DeepClone(),
            StringComparer.OrdinalIgnoreCase);
        return new Deployment(Template, values);
    }

    private static (int ExitCode, string Stdout, string Stderr) RunBicep(string bicep, params string[] arguments)
    {
        var start = CanIsolateNetwork()
            ? new ProcessStartInfo("unshare") { ArgumentList = { "--net", bicep } }
            : new ProcessStartInfo(bicep);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start bicep");
        var stderrTask = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("bicep build took more than 120 s");
        }
        return (process.ExitCode, stdout, stderrTask.GetAwaiter().GetResult());
    }

    private static bool CanIsolateNetwork()
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo("unshare")
            {
                ArgumentList = { "--net", "true" },
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (probe is null)
            {
                return false;
            }
            probe.WaitForExit();
            return probe.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no unshare on this machine
        }
    }

    private static void EnsureExecutable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var mode = File.GetUnixFileMode(path);
        if (!mode.HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute);
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "infra", "main.bicep")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No infra/main.bicep above {AppContext.BaseDirectory}");
    }
}

[CollectionDefinition(Name)]
public sealed class CompiledTemplateGroup : ICollectionFixture<CompiledTemplate>
{
    public const string Name = "compiled template";
}

/// <summary>One resource of an evaluated deployment.</summary>
public sealed record DeployedResource(string Type, string Name, string Id, bool Deployed, JsonObject Body)
{
    public JsonNode Properties => Body["properties"] ?? throw new InvalidOperationException($"{Type} {Name} has no properties");
}

/// <summary>The template evaluated with one set of parameter values.</summary>
public sealed class Deployment
{
    public Deployment(JsonObject template, IReadOnlyDictionary<string, JsonNode?> parameters)
    {
        Evaluator = new ArmEvaluator(template, parameters);
        var resources = template["resources"] as JsonArray
            ?? throw new InvalidOperationException("Expected the resources array (non-symbolic-name template)");
        var list = new List<DeployedResource>();
        foreach (var node in resources)
        {
            var raw = node as JsonObject ?? throw new InvalidOperationException("resource is not an object");
            if (raw.ContainsKey("copy"))
            {
                throw new NotSupportedException("copy loops are not supported by the test evaluator");
            }
            var body = Evaluator.EvaluateTree(raw) as JsonObject ?? throw new InvalidOperationException("resource evaluated to nothing");
            var type = body["type"]!.GetValue<string>();
            var name = body["name"]!.GetValue<string>();
            var scope = body["scope"]?.GetValue<string>() ?? ArmEvaluator.ResourceGroupId;
            var id = ArmEvaluator.ResourceId(scope, [type, name]);
            var deployed = body["condition"]?.GetValue<bool>() ?? true;
            list.Add(new DeployedResource(type, name, id, deployed, body));
        }
        AllResources = list;
        Outputs = Evaluator.EvaluateTree(template["outputs"]) as JsonObject ?? [];
    }

    public ArmEvaluator Evaluator { get; }

    /// <summary>Every resource, including conditional ones whose condition is false.</summary>
    public IReadOnlyList<DeployedResource> AllResources { get; }

    public IEnumerable<DeployedResource> Resources => AllResources.Where(r => r.Deployed);

    public JsonObject Outputs { get; }

    public IEnumerable<DeployedResource> OfType(string type) =>
        Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    public DeployedResource One(string type) => Assert.Single(OfType(type));

    public DeployedResource One(string type, string name) =>
        Assert.Single(OfType(type), r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));

    public DeployedResource FunctionApp => One("Microsoft.Web/sites");

    public DeployedResource Identity => One("Microsoft.ManagedIdentity/userAssignedIdentities");

    public string IdentityClientId => new RuntimeReference(Identity.Id).Property("clientId").ToString();

    public string IdentityPrincipalId => new RuntimeReference(Identity.Id).Property("principalId").ToString();

    public DeployedResource ServiceBus => One("Microsoft.ServiceBus/namespaces");

    public DeployedResource KeyVault => One("Microsoft.KeyVault/vaults");

    public DeployedResource Queue(string queueName) =>
        One("Microsoft.ServiceBus/namespaces/queues", $"{ServiceBus.Name}/{queueName}");

    /// <summary>The function app's app settings (Microsoft.Web/sites/config 'appsettings').</summary>
    public IReadOnlyDictionary<string, string> AppSettings
    {
        get
        {
            var config = Assert.Single(
                OfType("Microsoft.Web/sites/config"),
                r => r.Name.EndsWith("/appsettings", StringComparison.OrdinalIgnoreCase));
            var properties = config.Properties as JsonObject ?? throw new InvalidOperationException("appsettings has no properties");
            return properties.ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>(), StringComparer.Ordinal);
        }
    }

    public object? Parameter(string name) => Evaluator.Parameter(name);
}
