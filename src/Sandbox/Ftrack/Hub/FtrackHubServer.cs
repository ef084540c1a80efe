using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack.EventHub;
using Microsoft.Extensions.Logging.Abstractions;

namespace AyonFtrack.Sandbox.Ftrack.Hub;

/// <summary>How <see cref="FtrackHubServer.DropAllConnectionsAsync"/> ends the connections.</summary>
public enum FtrackHubDrop
{
    /// <summary>Abort the TCP connection without a word.</summary>
    Abort,

    /// <summary>Send the socket.io disconnect packet <c>0::</c>, then close the WebSocket.</summary>
    DisconnectPacket,
}

/// <summary>One subscriber registered on the hub emulator: its connection (numbered from 1 in accept order), id and expression.</summary>
public sealed record FtrackHubSubscription(int Connection, string SubscriberId, string Subscription);

/// <summary>
/// The ftrack event hub emulator (ftrack-protocol.md §3 and §6 items 7, 8, 10): the socket.io 0.9 handshake
/// and WebSocket, a per-connection subscriber registry, expression and target routing, and test hooks
/// (fault injection, a fake web client). It implements <see cref="IFtrackEventSink"/>, so the REST
/// emulator's <c>ftrack.update</c> events reach the subscribers. Split the way the product's hub client is: this file
/// holds the hub (its surface, counters and test hooks); <c>FtrackHubServer.Transport.cs</c> the socket.io 0.9
/// handshake, upgrade and frames; <c>FtrackHubServer.Session.cs</c> the peers (connections and the fake web client);
/// <c>FtrackHubServer.Routing.cs</c> subscriptions and routing.
/// </summary>
/// <remarks>
/// Routing: every published event except <c>ftrack.meta.subscribe</c>/<c>unsubscribe</c> goes once to each
/// connection with at least one subscriber whose subscription matches the event and, when the event has a
/// target, whose metadata matches the target; the publisher is included. Events are routed under one lock
/// into per-connection outboxes, so each connection sees them in publish order. Every client packet id is
/// acknowledged (<c>6:::n+[{"success":true}]</c>, or <c>success:false</c> with a message for an invalid
/// subscribe); <c>8::</c> is never sent. A duplicate subscriber id from the same connection replaces the
/// earlier registration.
/// </remarks>
public sealed partial class FtrackHubServer : IFtrackEventSink, IAsyncDisposable
{
    /// <summary><c>source.applicationId</c> of the fake web client.</summary>
    public const string WebClientApplicationId = "ftrack.client.web";

    private readonly Func<string, string, bool> _authorize;
    private readonly FtrackHubServerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, long> _pendingSids = new(StringComparer.Ordinal);
    private readonly Lock _routeGate = new();
    private readonly List<Peer> _peers = [];
    private readonly WebClientPeer _webClient;
    private readonly CancellationTokenSource _shutdown = new();
    private volatile bool _heartbeats = true;
    private volatile bool _answering = true;
    private long _heartbeatIntervalTicks;
    private TaskCompletionSource _intervalChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _totalConnections;
    private int _heartbeatReplies;
    private int _routedEvents;

    /// <param name="authorize">Checks an api user and key (from headers or query); true lets the handshake through.</param>
    /// <param name="options">Heartbeat interval, fake web client identity.</param>
    /// <param name="timeProvider">Clock of heartbeats and sid expiry.</param>
    /// <param name="logger">Log of the emulator.</param>
    public FtrackHubServer(Func<string, string, bool> authorize, FtrackHubServerOptions? options = null, TimeProvider? timeProvider = null, ILogger<FtrackHubServer>? logger = null)
    {
        _authorize = authorize;
        _options = options ?? new FtrackHubServerOptions();
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _heartbeatIntervalTicks = _options.HeartbeatInterval.Ticks;
        _webClient = new WebClientPeer(Guid.NewGuid().ToString("N"), _options.WebClientUsername, _options.WebClientUserId);
        lock (_routeGate)
        {
            _peers.Add(_webClient);
        }
    }

    /// <summary>The fake web client's hub id (<c>source.id</c> of what it publishes; replies target it).</summary>
    public string WebClientId => _webClient.SourceId;

    /// <summary>Open WebSocket connections.</summary>
    public int OpenConnections
    {
        get
        {
            lock (_routeGate)
            {
                return _peers.Count(p => p is SocketPeer);
            }
        }
    }

    /// <summary>WebSocket connections accepted since start.</summary>
    public int TotalConnections => Volatile.Read(ref _totalConnections);

    /// <summary>Subscribers registered by open WebSocket connections.</summary>
    public int SubscriptionCount
    {
        get
        {
            lock (_routeGate)
            {
                return _peers.OfType<SocketPeer>().Sum(p => p.Subscribers.Count);
            }
        }
    }

    /// <summary>The subscribers of every open WebSocket connection, per connection in registration order.</summary>
    public IReadOnlyList<FtrackHubSubscription> Subscriptions
    {
        get
        {
            lock (_routeGate)
            {
                return [.. _peers.OfType<SocketPeer>().SelectMany(p => p.Subscribers.Select(s => new FtrackHubSubscription(p.Number, s.Id, s.Subscription.Text)))];
            }
        }
    }

    /// <summary>Heartbeat answers (<c>2::</c> or <c>2:::</c>) received from clients.</summary>
    public int HeartbeatReplies => Volatile.Read(ref _heartbeatReplies);

    /// <summary>Events routed (from clients, the web client and the sink), meta subscribe/unsubscribe excluded.</summary>
    public int RoutedEvents => Volatile.Read(ref _routedEvents);

    /// <summary>Current heartbeat interval; a change restarts every connection's wait for its next beat at once.</summary>
    public TimeSpan HeartbeatInterval
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _heartbeatIntervalTicks));
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            Interlocked.Exchange(ref _heartbeatIntervalTicks, value.Ticks);
            TaskCompletionSource changed;
            lock (_routeGate)
            {
                changed = _intervalChanged;
                _intervalChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            changed.TrySetResult();
        }
    }

    /// <summary>Maps <c>GET /socket.io/1/</c> (handshake) and <c>/socket.io/1/websocket/{sid}</c> (upgrade) on <paramref name="endpoints"/>.</summary>
    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/socket.io/1/", Handshake);
        var upgrade = endpoints.CreateApplicationBuilder();
        upgrade.UseWebSockets();
        upgrade.Run(AcceptAsync);
        endpoints.Map("/socket.io/1/websocket/{sid}", upgrade.Build());
    }

    /// <summary>Routes a server-generated event (from the REST emulator) to the subscribers.</summary>
    public void Publish(JsonObject ftrackEvent)
    {
        ArgumentNullException.ThrowIfNull(ftrackEvent);
        Route((JsonObject)ftrackEvent.DeepClone());
    }

    /// <summary>Stops sending heartbeats on every connection (and new ones) until <see cref="ResumeHeartbeats"/>.</summary>
    public void StopHeartbeats() => _heartbeats = false;

    /// <summary>Sends heartbeats again.</summary>
    public void ResumeHeartbeats() => _heartbeats = true;

    /// <summary>Ignores every event packet from clients (no ack, no routing) until <see cref="ResumeAnswering"/>; heartbeats go on.</summary>
    public void StopAnswering() => _answering = false;

    /// <summary>Handles client events again.</summary>
    public void ResumeAnswering() => _answering = true;

    /// <summary>Ends every open WebSocket connection; returns how many were dropped.</summary>
    public async Task<int> DropAllConnectionsAsync(FtrackHubDrop how, CancellationToken cancellationToken)
    {
        SocketPeer[] peers;
        lock (_routeGate)
        {
            peers = [.. _peers.OfType<SocketPeer>()];
        }

        foreach (var peer in peers)
        {
            await peer.DropAsync(how, cancellationToken);
            lock (_routeGate)
            {
                // Gone from routing and counters at once, not when its handler winds down.
                _peers.Remove(peer);
            }
        }

        return peers.Length;
    }

    /// <summary>Sends a raw frame (valid or not) to every open connection, for client robustness tests; returns the number of connections.</summary>
    public int SendRawToAll(string frame)
    {
        lock (_routeGate)
        {
            var peers = _peers.OfType<SocketPeer>().ToList();
            peers.ForEach(p => p.Enqueue(frame));
            return peers.Count;
        }
    }

    /// <summary>Sends raw bytes as one text frame (invalid UTF-8 included) to every open connection, for hostile-input tests; returns the number of connections.</summary>
    public int SendRawBytesToAll(byte[] frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        lock (_routeGate)
        {
            var peers = _peers.OfType<SocketPeer>().ToList();
            peers.ForEach(p => p.EnqueueBytes(frame));
            return peers.Count;
        }
    }

    /// <summary>
    /// Publishes an event as the ftrack web UI would (<c>source.applicationId ftrack.client.web</c> with the
    /// configured user) and returns its id. Replies and UI triggers addressed to the web client are collected.
    /// </summary>
    public string PublishAsWebClient(string topic, JsonObject data, string target = "")
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(data);
        var id = Guid.NewGuid().ToString("N");
        Route(new JsonObject
        {
            ["id"] = id,
            ["topic"] = topic,
            ["data"] = data.DeepClone(),
            ["source"] = new JsonObject
            {
                ["id"] = _webClient.SourceId,
                ["applicationId"] = WebClientApplicationId,
                ["user"] = new JsonObject { ["username"] = _webClient.Username, ["id"] = _webClient.UserId },
            },
            ["target"] = target,
            ["sent"] = null,
            ["inReplyToEvent"] = null,
        });
        return id;
    }

    /// <summary>Every event delivered to the fake web client so far (replies, UI triggers), in order.</summary>
    public IReadOnlyList<JsonObject> WebClientInbox => _webClient.Snapshot();

    /// <summary>The replies (<c>ftrack.meta.reply</c>) to event <paramref name="eventId"/> received by the web client so far.</summary>
    public IReadOnlyList<JsonObject> RepliesTo(string eventId) =>
        [.. _webClient.Snapshot().Where(e => (string?)e["topic"] == FtrackEventHub.ReplyTopic && (string?)e["inReplyToEvent"] == eventId)];

    /// <summary>Waits until the web client has at least <paramref name="count"/> replies to <paramref name="eventId"/>; throws <see cref="TimeoutException"/> naming the event.</summary>
    public async Task<IReadOnlyList<JsonObject>> WaitForRepliesAsync(string eventId, int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        while (true)
        {
            var changed = _webClient.Changed;
            var replies = RepliesTo(eventId);
            if (replies.Count >= count)
            {
                return replies;
            }

            try
            {
                await changed.WaitAsync(linked.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"The fake web client got {replies.Count} of {count} replies to event {eventId} within {timeout.TotalSeconds:0.###} s.");
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _shutdown.CancelAsync();
        SocketPeer[] peers;
        lock (_routeGate)
        {
            peers = [.. _peers.OfType<SocketPeer>()];
        }

        foreach (var peer in peers)
        {
            peer.Abort();
        }

        _shutdown.Dispose();
    }
}
