using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Tchek.Events.IntegrationTests.Poller.Support;

/// <summary>Every log line of a host, with its exception and scopes, for tests that search the logs.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger, IDisposable
    {
        private readonly AsyncLocal<object?> _scope = new();

        public IDisposable BeginScope<TState>(TState state) where TState : notnull
        {
            lines.Enqueue($"scope {category}: {state}");
            return this;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {state} {exception}");

        public void Dispose() => _scope.Value = null;
    }
}
