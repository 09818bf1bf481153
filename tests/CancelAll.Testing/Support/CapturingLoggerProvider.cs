using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CancelAll.Core.Tests.Support;

/// <summary>
/// Keeps every log record, at every level, with its structured values and the values of the scopes around it. Two
/// views of them: <see cref="Lines"/>, every record with its values and exception (what a secret scan must search), and
/// <see cref="ShownLines"/>, Information and above as "Level Category: message" (what a console or App Insights reader
/// sees with the app's default filter).
/// </summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<LogEntry> entries = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    /// <summary>Every record the loggers wrote, Debug and Trace included.</summary>
    public IReadOnlyList<LogEntry> Entries => [.. entries];

    /// <summary>Every record as "Level Category: message | key=value ... | exception".</summary>
    public IReadOnlyList<string> Lines => [.. entries.Select(e => e.Detailed)];

    /// <summary>The records at Information and above (the app's default level), as "Level Category: message".</summary>
    public IReadOnlyList<string> ShownLines => [.. entries.Where(e => e.Level >= LogLevel.Information).Select(e => e.ToString())];

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
            IReadOnlyList<KeyValuePair<string, object?>> stateValues = state is IEnumerable<KeyValuePair<string, object?>> statePairs ? [.. statePairs] : [];
            owner.entries.Enqueue(new LogEntry(logLevel, category, eventId, formatter(state, exception), exception, stateValues, scopeValues));
        }
    }
}
