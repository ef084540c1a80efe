using System.Globalization;

namespace AyonFtrack.Sandbox.Demo;

/// <summary>
/// Where the demo's in-process services write their logs: one plain text file shared by the three hosts, one line
/// per entry, prefixed with the service's name. Counts warnings and errors so the console view can show them.
/// </summary>
public sealed class DemoLogFile : IDisposable
{
    private readonly Lock _gate = new();
    private readonly StreamWriter _writer;
    private readonly TimeProvider _time;
    private int _warnings;
    private int _errors;
    private bool _disposed;

    public DemoLogFile(string path, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
        _time = time;
        _writer = new StreamWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    }

    /// <summary>The log file.</summary>
    public string Path { get; }

    /// <summary>Warnings written so far.</summary>
    public int Warnings => Volatile.Read(ref _warnings);

    /// <summary>Errors (and critical entries) written so far.</summary>
    public int Errors => Volatile.Read(ref _errors);

    /// <summary>A logger provider for the service <paramref name="service"/>.</summary>
    public ILoggerProvider Provider(string service) => new Sink(this, service);

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _writer.Dispose();
        }
    }

    private void Write(string service, string category, LogLevel level, string message, Exception? exception)
    {
        if (level >= LogLevel.Error)
        {
            Interlocked.Increment(ref _errors);
        }
        else if (level == LogLevel.Warning)
        {
            Interlocked.Increment(ref _warnings);
        }

        var line = string.Create(CultureInfo.InvariantCulture, $"{_time.GetUtcNow():HH:mm:ss.fff} {Short(level)} {service} {category}: {message}");
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _writer.WriteLine(line);
            if (exception is not null)
            {
                _writer.WriteLine("    " + exception.ToString().Replace("\n", "\n    ", StringComparison.Ordinal));
            }
        }
    }

    private static string Short(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };

    private sealed class Sink(DemoLogFile file, string service) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new FileLogger(file, service, categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class FileLogger(DemoLogFile file, string service, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            file.Write(service, category, logLevel, formatter(state, exception), exception);
        }
    }
}
