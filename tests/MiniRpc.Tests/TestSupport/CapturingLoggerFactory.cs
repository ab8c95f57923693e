using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MiniRpc.Tests.TestSupport;

/// <summary>An <see cref="ILoggerFactory"/> that keeps every message at every level, for tests that read the log.</summary>
internal sealed class CapturingLoggerFactory : ILoggerFactory
{
    public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Messages { get; } = new();

    public IEnumerable<string> At(LogLevel level) => Messages.Where(m => m.Level == level).Select(m => m.Message);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Messages.Enqueue((category, logLevel, formatter(state, exception)));
    }
}
