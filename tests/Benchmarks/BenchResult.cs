using System.Text.Json.Serialization;

namespace AyonFtrack.Benchmarks;

/// <summary>One scenario's figures, written to <c>bench-results/&lt;scenario&gt;.json</c>. Null where a figure does not apply.</summary>
public sealed record BenchResult(
    [property: JsonPropertyName("scenario")] string Scenario,
    [property: JsonPropertyName("events")] int Events,
    [property: JsonPropertyName("events_per_second")] double? EventsPerSecond,
    [property: JsonPropertyName("p50_ms")] double? P50Ms,
    [property: JsonPropertyName("p99_ms")] double? P99Ms,
    [property: JsonPropertyName("ftrack_requests_per_event")] double? FtrackRequestsPerEvent,
    [property: JsonPropertyName("ayon_requests_per_event")] double? AyonRequestsPerEvent,
    [property: JsonPropertyName("peak_working_set_mb")] double? PeakWorkingSetMb)
{
    /// <summary>Extra figures a scenario reports beside the fixed keys (e.g. elapsed seconds).</summary>
    [JsonPropertyName("notes")]
    public IReadOnlyDictionary<string, string> Notes { get; init; } = new Dictionary<string, string>();
}
