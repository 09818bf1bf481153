using System.Text.Json;

namespace CancelAll.Cli;

/// <summary>
/// With --json, what standard output carries when the CLI stops before a kill (bad input, configuration, no keys):
/// one document with the exit code, its meaning and the message, so that a script always parses exactly one JSON document.
/// </summary>
internal sealed record CliErrorJson(string Schema, int ExitCode, string Meaning, string Error)
{
    public const string SchemaName = "cancel-all.cli-error/v1";

    public static CliErrorJson For(int exitCode, string error) => new(SchemaName, exitCode, ExitCodes.Meaning(exitCode), error);

    public string Serialize() => JsonSerializer.Serialize(this, CliJsonContext.Default.CliErrorJson);
}
