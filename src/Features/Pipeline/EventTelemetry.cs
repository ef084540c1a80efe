using System.Diagnostics;
using AyonFtrack.Features.Common;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Pipeline;

/// <summary>
/// The ids every log line and span of one event carries. The log scope names the ftrack event (and the slice that is
/// running), so one grep of <c>FtrackEventId=&lt;id&gt;</c> shows the event's story; an event dispatched outside a job (the
/// leecher's hub events) gets a trace of its own. Ids only: never a payload, a user name or a key.
/// </summary>
public static class EventTelemetry
{
    /// <summary>Span attribute: the ftrack event id.</summary>
    public const string FtrackEventIdTag = "ftrack.event.id";

    /// <summary>Span attribute: the AYON event id (the job's source event).</summary>
    public const string AyonEventIdTag = "ayon.event.id";

    /// <summary>Span attribute: the ftrack or AYON topic the slices were routed by.</summary>
    public const string TopicTag = "ayon_ftrack.topic";

    /// <summary>
    /// Opens the log scope of one dispatched input (its ftrack event id and topic) and, when no job trace is running,
    /// a root span for it. Dispose both with the returned object.
    /// </summary>
    public static IDisposable? Begin(ILogger? logger, string topic, object input)
    {
        var ftrackEventId = (input as FtrackEvent)?.Id;
        var scope = logger?.BeginScope(new Dictionary<string, object?> { ["FtrackEventId"] = ftrackEventId, ["Topic"] = topic });
        var activity = Activity.Current is null && ftrackEventId is not null
            ? Telemetry.Source.StartActivity("event " + topic, ActivityKind.Consumer)
            : null;
        activity?.SetTag(FtrackEventIdTag, ftrackEventId);
        activity?.SetTag(TopicTag, topic);
        return scope is null && activity is null ? null : new Both(scope, activity);
    }

    /// <summary>The log scope of one slice run (its name), inside the event's scope.</summary>
    public static IDisposable? BeginSlice(ILogger? logger, string slice) =>
        logger?.BeginScope(new Dictionary<string, object?> { ["Slice"] = slice });

    private sealed class Both(IDisposable? scope, Activity? activity) : IDisposable
    {
        public void Dispose()
        {
            activity?.Dispose();
            scope?.Dispose();
        }
    }
}
