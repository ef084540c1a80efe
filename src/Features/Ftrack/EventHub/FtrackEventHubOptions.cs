using System.ComponentModel.DataAnnotations;

namespace AyonFtrack.Features.Ftrack.EventHub;

/// <summary>Timings of the ftrack event hub client (configuration section <c>FtrackHub</c>); defaults follow ftrack-protocol.md §7.</summary>
public sealed class FtrackEventHubOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "FtrackHub";

    /// <summary>Silence (no packet at all, heartbeats included) after which the server is treated as gone and the client reconnects.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First reconnect delay; it doubles on each failed attempt up to <see cref="ReconnectMaxDelay"/>, plus up to 50 % jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest reconnect delay before jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long publish-and-wait waits for a reply, and how long a publish waits for the server's ack or for a connection.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan ReplyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of the handshake request and of the WebSocket upgrade.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Default timeout of <see cref="IFtrackEventHub.CheckLivenessAsync"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan LivenessTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The largest hub frame (one event) held in memory, in bytes. A larger frame is never buffered: it is streamed to
    /// <see cref="RejectedFrameFolder"/> (when set) and reported as refused, and the connection goes on. Memory: see
    /// docs/operating.md (a frame at the limit needs up to about sixteen times its size of heap in the leecher).
    /// </summary>
    [Range(64 * 1024, 1024 * 1024 * 1024)]
    public int MaxFrameBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Where oversize frames are written whole (one file each, readable only by the service user); null: they are skipped after their first bytes are read for the id and topic.</summary>
    public string? RejectedFrameFolder { get; set; }

    /// <summary>Received events waiting for handlers; when full, the reader waits (back-pressure) rather than drop events.</summary>
    [Range(1, 1_000_000)]
    public int DispatchQueueCapacity { get; set; } = 10_000;
}
