using System.Collections;
using System.Diagnostics;
using System.Text;
using AyonFtrack.Host.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace AyonFtrack.Integration.Tests.Telemetry;

/// <summary>A list the exporter appends to on its thread while the test reads it.</summary>
public sealed class LockedCollection<T> : ICollection<T>
{
    private readonly List<T> _items = [];

    public int Count
    {
        get
        {
            lock (_items)
            {
                return _items.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public List<T> Snapshot()
    {
        lock (_items)
        {
            return [.. _items];
        }
    }

    public void Add(T item)
    {
        lock (_items)
        {
            _items.Add(item);
        }
    }

    public void Clear()
    {
        lock (_items)
        {
            _items.Clear();
        }
    }

    public bool Contains(T item)
    {
        lock (_items)
        {
            return _items.Contains(item);
        }
    }

    public void CopyTo(T[] array, int arrayIndex)
    {
        lock (_items)
        {
            _items.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(T item)
    {
        lock (_items)
        {
            return _items.Remove(item);
        }
    }

    public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>The OpenTelemetry in-memory exporters attached to one service host, and the way to read what they got.</summary>
public sealed class InMemoryTelemetry
{
    /// <summary>The command line that builds the pipeline without any exporter of its own.</summary>
    public static readonly string[] Args = ["--Telemetry:Enabled", "true"];

    public LockedCollection<Activity> Spans { get; } = new();

    public LockedCollection<MetricSnapshot> Metrics { get; } = new();

    /// <summary>Adds both exporters to <paramref name="builder"/> (after <c>AddAyonFtrack</c>).</summary>
    public void AttachTo(HostApplicationBuilder builder)
    {
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Metrics));
    }

    /// <summary>Exports the metrics of <paramref name="services"/> now.</summary>
    public static void Flush(IServiceProvider services) => services.GetRequiredService<MeterProvider>().ForceFlush(10_000).ShouldBeTrue();

    /// <summary>The points of the latest export of <paramref name="name"/> whose tags include every one of <paramref name="tags"/>.</summary>
    public List<MetricPoint> Points(string name, params (string Key, string Value)[] tags)
    {
        var latest = Metrics.Snapshot().LastOrDefault(m => m.Name == name);
        if (latest is null)
        {
            return [];
        }

        return [.. latest.MetricPoints.Where(p =>
        {
            var all = new Dictionary<string, object?>();
            foreach (var tag in p.Tags)
            {
                all[tag.Key] = tag.Value;
            }

            return tags.All(t => all.TryGetValue(t.Key, out var v) && (v as string) == t.Value);
        })];
    }
}

/// <summary>A logger provider that writes through the service's own console formatter into memory (what a TD would read).</summary>
public sealed class FormattedLogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ServiceLogFormatter _formatter = new(new ServiceLogFormatterOptions(), TimeProvider.System);
    private readonly StringBuilder _text = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public string Text
    {
        get
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Writer(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Writer(FormattedLogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            using var writer = new StringWriter();
            owner._formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), owner._scopes, writer);
            lock (owner._text)
            {
                owner._text.Append(writer);
            }
        }
    }
}
