using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CancelAll.Functions.Tests.Support;

/// <summary>
/// Keeps every log record, at every level, with the values of the scopes around it: as a console or App Insights
/// reader would see it (<see cref="Lines"/>: what the app's default filter lets through, formatted).
/// </summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<LogEntry> entries = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    /// <summary>Every record the loggers wrote, Debug and Trace included.</summary>
    public IReadOnlyList<LogEntry> Entries => [.. entries];

    /// <summary>The records at Information and above (the app's default level), as "Level Category: message".</summary>
    public IReadOnlyList<string> Lines => [.. entries.Where(e => e.Level >= LogLevel.Information).Select(e => e.ToString())];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopeValues = new List<KeyValuePair<string, object?>>();
            owner.scopes.ForEachScope(
                (scope, values) =>
                {
                    if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                    {
                        values.AddRange(pairs);
                    }
                },
                scopeValues);
            owner.entries.Enqueue(new LogEntry(logLevel, category, eventId, formatter(state, exception), exception, scopeValues));
        }
    }
}

/// <summary>One captured log record.</summary>
internal sealed record LogEntry(LogLevel Level, string Category, EventId EventId, string Message, Exception? Exception, IReadOnlyList<KeyValuePair<string, object?>> Scope)
{
    /// <summary>The value of a scope property (the innermost scope that has it), or null.</summary>
    public string? ScopeValue(string name) => Scope.LastOrDefault(p => p.Key == name).Value?.ToString();

    public override string ToString() => $"{Level} {Category}: {Message}";
}
