using Microsoft.Extensions.Logging;

namespace CancelAll.Core.Tests.Support;

/// <summary>One captured log record: its message, its structured values, and the values of the scopes around it.</summary>
public sealed record LogEntry(
    LogLevel Level,
    string Category,
    EventId EventId,
    string Message,
    Exception? Exception,
    IReadOnlyList<KeyValuePair<string, object?>> Values,
    IReadOnlyList<KeyValuePair<string, object?>> Scope)
{
    /// <summary>"Level Category: message | key=value ... | exception": everything the record carries, for secret scans.</summary>
    public string Detailed => $"{this} | {string.Join(" ", Values.Select(p => $"{p.Key}={p.Value}"))} | {Exception}";

    /// <summary>The value of a scope property (the innermost scope that has it), or null.</summary>
    public string? ScopeValue(string name) => Scope.LastOrDefault(p => p.Key == name).Value?.ToString();

    public override string ToString() => $"{Level} {Category}: {Message}";
}
