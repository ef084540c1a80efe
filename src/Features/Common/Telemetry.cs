using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AyonFtrack.Features.Common;

/// <summary>The product's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <c>AyonFtrack</c>.</summary>
public static class Telemetry
{
    /// <summary>The name of the source and the meter, for exporters.</summary>
    public const string Name = "AyonFtrack";

    /// <summary>Activities: one per slice run (<c>Area.Slice</c>) and one per worker job.</summary>
    public static readonly ActivitySource Source = new(Name);

    /// <summary>The meter that owns every instrument below.</summary>
    public static readonly Meter Meter = new(Name);

    /// <summary>Slice runs, tagged <c>slice</c> and <c>outcome</c> (succeeded, rejected, failed).</summary>
    public static readonly Counter<long> SliceRuns = Meter.CreateCounter<long>("ayon_ftrack.slice.runs", description: "Slice runs by outcome");

    /// <summary>Slice run duration in milliseconds, tagged <c>slice</c>.</summary>
    public static readonly Histogram<double> SliceDuration = Meter.CreateHistogram<double>("ayon_ftrack.slice.duration", unit: "ms", description: "Slice run duration");

    /// <summary>Jobs a worker ended, tagged <c>mode</c> and <c>outcome</c> (finished, failed).</summary>
    public static readonly Counter<long> Jobs = Meter.CreateCounter<long>("ayon_ftrack.jobs", description: "Worker jobs by outcome");
}
