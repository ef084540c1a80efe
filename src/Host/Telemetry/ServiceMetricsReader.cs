using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace AyonFtrack.Host.Telemetry;

/// <summary>One service's figures as <see cref="ServiceMetricsReader"/> read them from the meter.</summary>
public sealed record ServiceRates(string Service, long EventsIn, long EventsOut, TimeSpan Over, double QueueLagSeconds)
{
    /// <summary>Events handed on per second over <see cref="Over"/>.</summary>
    public double OutPerSecond => Over.TotalSeconds > 0 ? EventsOut / Over.TotalSeconds : 0;

    /// <summary>Events taken in per second over <see cref="Over"/>.</summary>
    public double InPerSecond => Over.TotalSeconds > 0 ? EventsIn / Over.TotalSeconds : 0;

    /// <summary>"processor: 12 events in, 12 out (0.40/s over 30 s), queue lag 0.0 s".</summary>
    public override string ToString() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"{Service}: {EventsIn} events in, {EventsOut} out ({OutPerSecond:0.00}/s over {Over.TotalSeconds:0} s), queue lag {QueueLagSeconds:0.0} s");
}

/// <summary>
/// Reads the services' own instruments in this process (<see cref="ServiceMetrics.EventsIn"/>, <see cref="ServiceMetrics.EventsOut"/>,
/// <see cref="ServiceMetrics.QueueLag"/>) with a <see cref="MeterListener"/>: what the demo prints at its end comes from
/// the metrics the services publish, not from a count of its own.
/// </summary>
public sealed class ServiceMetricsReader : IDisposable
{
    private const string EventsIn = "ayon_ftrack.events.in";
    private const string EventsOut = "ayon_ftrack.events.out";
    private const string QueueLag = "ayon_ftrack.queue.lag";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Service, bool Out), long> _events = new();
    private readonly ConcurrentDictionary<string, double> _lag = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _started;

    /// <summary>Starts listening.</summary>
    public ServiceMetricsReader(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _started = time.GetUtcNow();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // By name: the instruments may be created after the listener starts (the first service to record creates them).
            if (instrument.Meter.Name == Features.Common.Telemetry.Name && instrument.Name is EventsIn or EventsOut or QueueLag)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            _events.AddOrUpdate((Service(tags), instrument.Name == EventsOut), value, (_, total) => total + value));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, _) => _lag[Service(tags)] = value);
        _listener.Start();
    }

    /// <summary>Each service's events in and out since the reader started, and its queue lag now.</summary>
    public IReadOnlyList<ServiceRates> Read()
    {
        _lag.Clear();
        _listener.RecordObservableInstruments();
        var over = _time.GetUtcNow() - _started;
        var services = _events.Keys.Select(k => k.Service).Concat(_lag.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return [.. services.Select(s => new ServiceRates(
            s,
            _events.GetValueOrDefault((s, false)),
            _events.GetValueOrDefault((s, true)),
            over,
            _lag.GetValueOrDefault(s)))];
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    private static string Service(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "service")
            {
                return tag.Value as string ?? "";
            }
        }

        return "";
    }
}
