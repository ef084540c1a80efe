using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace AyonFtrack.Host.Telemetry;

/// <summary>
/// The service-level instruments on the product's one meter (<see cref="Features.Common.Telemetry.Meter"/>, named
/// <c>AyonFtrack</c>), created once. Every measurement carries <c>service</c> (leecher, processor, transmitter), so
/// services that share a process (the demo) stay apart. docs/operating.md "What to watch" explains each one.
/// The gauges read the live services registered in <see cref="Observe"/>.
/// </summary>
public static class ServiceMetrics
{
    /// <summary>Source events a service took in, tagged <c>service</c> and <c>topic</c> (the ftrack or AYON topic).</summary>
    public static readonly Counter<long> EventsIn = Meter.CreateCounter<long>("ayon_ftrack.events.in", description: "Source events taken in, per service and topic");

    /// <summary>Events a service is done with, tagged <c>service</c>, <c>topic</c> and <c>outcome</c>.</summary>
    public static readonly Counter<long> EventsOut = Meter.CreateCounter<long>("ayon_ftrack.events.out", description: "Events handed on (stored in AYON) or jobs ended, per service, topic and outcome");

    /// <summary>From the source event's creation in AYON (the leecher's receipt of the ftrack event) to the job's end, tagged <c>service</c>, <c>outcome</c>.</summary>
    public static readonly Histogram<double> JobLatency = Meter.CreateHistogram<double>("ayon_ftrack.job.latency", unit: "s", description: "Source event time to job end");

    /// <summary>HTTP requests one job made, tagged <c>service</c> and <c>system</c> (ayon, ftrack).</summary>
    public static readonly Histogram<long> JobRequests = Meter.CreateHistogram<long>("ayon_ftrack.job.requests", unit: "{request}", description: "ftrack and AYON requests per job");

    /// <summary>Every HTTP request to ftrack or AYON, tagged <c>service</c> and <c>system</c>.</summary>
    public static readonly Counter<long> Requests = Meter.CreateCounter<long>("ayon_ftrack.requests", unit: "{request}", description: "ftrack and AYON requests");

    /// <summary>Events moved to the leecher's dead-letter table, tagged <c>service</c>, <c>topic</c> and <c>reason</c> (refused-by-ayon, refused-by-leecher).</summary>
    public static readonly Counter<long> DeadLetters = Meter.CreateCounter<long>("ayon_ftrack.spool.dead_letters", description: "Events kept in the dead-letter table instead of AYON");

    private static readonly ConcurrentDictionary<object, Observed> Services = new();

    /// <summary>Seconds since the oldest source event not yet processed was created (0 when the queue is empty).</summary>
    public static readonly ObservableGauge<double> QueueLag = Meter.CreateObservableGauge(
        "ayon_ftrack.queue.lag", () => Read(o => o.QueueLag), unit: "s", description: "Age of the oldest unprocessed source event");

    /// <summary>Events waiting in the leecher's spool for AYON.</summary>
    public static readonly ObservableGauge<long> SpoolDepth = Meter.CreateObservableGauge(
        "ayon_ftrack.spool.depth", () => Read(o => o.SpoolDepth), description: "ftrack events waiting in the leecher's spool");

    /// <summary>Reconnects of the ftrack event hub since start (connects after the first).</summary>
    public static readonly ObservableCounter<long> HubReconnects = Meter.CreateObservableCounter(
        "ayon_ftrack.hub.reconnects", () => Read(o => o.HubReconnects), description: "ftrack event hub reconnects");

    private static Meter Meter => Features.Common.Telemetry.Meter;

    /// <summary>What a running service lets the gauges read.</summary>
    public sealed record Observed(string Service)
    {
        /// <summary>Queue lag in seconds, when the service has a queue.</summary>
        public Func<double>? QueueLag { get; init; }

        /// <summary>Spool depth, for the leecher.</summary>
        public Func<long>? SpoolDepth { get; init; }

        /// <summary>Hub reconnects, for the leecher.</summary>
        public Func<long>? HubReconnects { get; init; }
    }

    /// <summary>Lets the gauges read <paramref name="observed"/> until the returned object is disposed.</summary>
    public static IDisposable Observe(Observed observed)
    {
        var key = new object();
        Services[key] = observed;
        return new Unobserve(key);
    }

    /// <summary>The <c>service</c> tag.</summary>
    public static KeyValuePair<string, object?> ServiceTag(string service) => new("service", service);

    private static IEnumerable<Measurement<T>> Read<T>(Func<Observed, Func<T>?> pick)
        where T : struct
    {
        foreach (var observed in Services.Values)
        {
            if (pick(observed) is { } read)
            {
                yield return new Measurement<T>(read(), ServiceTag(observed.Service));
            }
        }
    }

    private sealed class Unobserve(object key) : IDisposable
    {
        public void Dispose() => Services.TryRemove(key, out _);
    }
}
