using System;
using Microsoft.Extensions.Logging;

namespace MiniRpc.Demo;

/// <summary>Prints MiniRpc's log lines as they happen, one per line, tagged with who said it: the socket steps made visible.</summary>
internal sealed class DemoLoggerFactory(LogLevel minimumLevel) : ILoggerFactory
{
    private readonly object _console = new();
    private readonly LogLevel _minimumLevel = minimumLevel;

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName.EndsWith("Server", StringComparison.Ordinal) ? "server" : "client");

    public void Dispose()
    {
    }

    private sealed class Logger(DemoLoggerFactory owner, string who) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= owner._minimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            lock (owner._console)
            {
                Console.WriteLine($"     [{who}] {formatter(state, exception)}");
            }
        }
    }
}
