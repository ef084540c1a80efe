using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;

namespace AyonFtrack.Features.Ftrack.EventHub;

/// <summary>
/// A subscriber's handler. It runs off the socket reader (a slow handler never delays heartbeats). A non-null
/// result is published as the <c>ftrack.meta.reply</c> data to the event's source, as the Python hub does.
/// </summary>
public delegate Task<JsonNode?> FtrackSubscriptionHandler(FtrackEvent ftrackEvent, CancellationToken cancellationToken);

/// <summary>Raised when the hub connection comes up (after every subscription was re-announced) or goes down.</summary>
public sealed class FtrackHubConnectionChangedEventArgs(bool isConnected, int connectCount, string reason) : EventArgs
{
    /// <summary>True when the connection is now up.</summary>
    public bool IsConnected { get; } = isConnected;

    /// <summary>How many times the hub has connected since it started.</summary>
    public int ConnectCount { get; } = connectCount;

    /// <summary>Why the state changed (no secrets).</summary>
    public string Reason { get; } = reason;
}

/// <summary>
/// The ftrack event hub (socket.io 0.9 over WebSocket, ftrack-protocol.md §3) as consumers see it: one
/// connection per process, re-established forever with backoff while started.
/// </summary>
public interface IFtrackEventHub
{
    /// <summary>This hub's id: <c>source.id</c> of what it publishes and the subscriber id replies target.</summary>
    string Id { get; }

    /// <summary>True while connected with every subscription announced.</summary>
    bool IsConnected { get; }

    /// <summary>How many times the hub has connected (1 after the first connect; each reconnect adds one).</summary>
    int ConnectCount { get; }

    /// <summary>Raised on connect (after re-subscribing) and on disconnect. Handlers must be quick.</summary>
    event EventHandler<FtrackHubConnectionChangedEventArgs>? ConnectionChanged;

    /// <summary>Starts connecting in the background (and reconnecting until <see cref="StopAsync"/>). Returns at once.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Closes the connection and stops reconnecting and dispatching.</summary>
    Task StopAsync(CancellationToken cancellationToken);

    /// <summary>Completes when the hub is connected.</summary>
    Task WaitUntilConnectedAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Adds a subscriber: <paramref name="subscription"/> is an expression (§3.7), <paramref name="subscriber"/>
    /// its metadata (targets match against it; an <c>id</c> is generated when absent). Announced now when
    /// connected (and the server's ack awaited), and again on every reconnect, in registration order.
    /// Returns the subscriber id.
    /// </summary>
    Task<string> SubscribeAsync(string subscription, FtrackSubscriptionHandler handler, JsonObject? subscriber, CancellationToken cancellationToken);

    /// <summary>Removes a subscriber and tells the server when connected. False when the id is unknown.</summary>
    Task<bool> UnsubscribeAsync(string subscriberId, CancellationToken cancellationToken);

    /// <summary>
    /// Publishes an event and waits for the server's ack. Missing <c>id</c> and <c>source</c> fields (<c>id</c>,
    /// <c>user.username</c>, <c>host</c>) are filled in. Waits for a connection up to the reply timeout.
    /// Returns the event as sent.
    /// </summary>
    Task<FtrackEvent> PublishAsync(FtrackEvent ftrackEvent, CancellationToken cancellationToken);

    /// <summary>Publishes an event and returns its first reply (routed by <c>inReplyToEvent</c>); throws <see cref="TimeoutException"/> naming the event when none comes in time.</summary>
    Task<FtrackEvent> PublishAndWaitForReplyAsync(FtrackEvent ftrackEvent, TimeSpan? timeout, CancellationToken cancellationToken);

    /// <summary>Publishes <c>ftrack.meta.reply</c> with <paramref name="data"/> to the source of <paramref name="original"/>.</summary>
    Task ReplyAsync(FtrackEvent original, JsonNode data, CancellationToken cancellationToken);

    /// <summary>Round trip of a private event through the hub: true when it comes back in time, false when not connected or it does not.</summary>
    Task<bool> CheckLivenessAsync(TimeSpan? timeout, CancellationToken cancellationToken);

    /// <summary>
    /// Sets who keeps the frames the reader refuses (one call per frame, in order with the events). Without one a refused
    /// frame is only logged. A frame never ends the connection.
    /// </summary>
    void SetRejectedFrameHandler(FtrackRejectedFrameHandler? handler);
}

/// <summary>
/// A hub frame the reader could not deliver as an event (bad JSON, a lone surrogate escape, invalid UTF-8, an id or
/// topic that is not a non-empty string, an invalid target, a frame over the size limit), with what could be recovered.
/// </summary>
/// <param name="Reason">Why it was refused (no payload).</param>
/// <param name="EventId">The event's id as far as it could be read; null when none.</param>
/// <param name="Topic">The event's topic as far as it could be read; null when none.</param>
/// <param name="Size">The frame's size in bytes.</param>
/// <param name="Content">The frame as text (invalid UTF-8 decoded leniently); null when it was too large to hold (see <paramref name="FilePath"/>).</param>
/// <param name="FilePath">Where an oversize frame was written whole, streamed (<see cref="FtrackEventHubOptions.RejectedFrameFolder"/>); null otherwise.</param>
public sealed record FtrackRejectedFrame(string Reason, string? EventId, string? Topic, long Size, string? Content, string? FilePath);

/// <summary>Keeps a refused hub frame (the leecher dead-letters it). Runs on the dispatch loop, in arrival order with the events.</summary>
public delegate Task FtrackRejectedFrameHandler(FtrackRejectedFrame frame, CancellationToken cancellationToken);
