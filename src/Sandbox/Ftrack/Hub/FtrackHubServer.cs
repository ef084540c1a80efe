using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using AyonFtrack.Features.Ftrack.EventHub;
using AyonFtrack.Features.Ftrack.EventHub.Expressions;
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
/// emulator's <c>ftrack.update</c> events reach the subscribers.
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

    private IResult Handshake(HttpContext context)
    {
        var request = context.Request;
        var user = First(request.Headers["ftrack-user"]) ?? First(request.Query["api_user"]);
        var key = First(request.Headers["ftrack-api-key"]) ?? First(request.Query["api_key"]);
        if (user is null || key is null || !_authorize(user, key))
        {
            Log.HandshakeRejected(_logger, user ?? "(none)");
            return Results.Text("The supplied API key is not valid.", "text/plain", statusCode: StatusCodes.Status401Unauthorized);
        }

        var sid = Guid.NewGuid().ToString("N");
        _pendingSids[sid] = _time.GetTimestamp();
        return Results.Text($"{sid}:60:60:websocket", "text/plain");
    }

    private static string? First(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    private async Task AcceptAsync(HttpContext context)
    {
        var sid = context.GetRouteValue("sid") as string ?? "";
        if (!_pendingSids.TryRemove(sid, out var issued) || _time.GetElapsedTime(issued) > _options.SidLifetime)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync("Unknown or expired socket.io session id.", context.RequestAborted);
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("Expected a WebSocket upgrade.", context.RequestAborted);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _shutdown.Token);
        var number = Interlocked.Increment(ref _totalConnections);
        var peer = new SocketPeer(number, socket, lifetime, _time);
        lock (_routeGate)
        {
            _peers.Add(peer);
        }

        Log.Connected(_logger, number);
        peer.Enqueue("1::");
        var writer = peer.RunWriterAsync();
        var heartbeat = HeartbeatLoopAsync(peer);
        try
        {
            await ReadLoopAsync(peer);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The connection ended; nothing to answer.
        }
        finally
        {
            lock (_routeGate)
            {
                _peers.Remove(peer);
            }

            peer.Abort();
            await Task.WhenAll(writer, heartbeat);
            Log.Disconnected(_logger, number);
        }
    }

    private async Task HeartbeatLoopAsync(SocketPeer peer)
    {
        try
        {
            while (!peer.Token.IsCancellationRequested)
            {
                Task changed;
                lock (_routeGate)
                {
                    changed = _intervalChanged.Task;
                }

                var beat = Task.Delay(HeartbeatInterval, _time, peer.Token);
                if (await Task.WhenAny(beat, changed) != beat)
                {
                    continue;
                }

                await beat;
                if (_heartbeats)
                {
                    peer.Enqueue("2::");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Connection closed.
        }
    }

    private async Task ReadLoopAsync(SocketPeer peer)
    {
        var buffer = new byte[16 * 1024];
        var message = new ArrayBufferWriter<byte>();
        while (!peer.Token.IsCancellationRequested)
        {
            message.ResetWrittenCount();
            ValueWebSocketReceiveResult result;
            do
            {
                result = await peer.Socket.ReceiveAsync(buffer.AsMemory(), peer.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                message.Write(buffer.AsSpan(0, result.Count));
            }
            while (!result.EndOfMessage);

            HandleFrame(peer, Encoding.UTF8.GetString(message.WrittenSpan));
        }
    }

    private void HandleFrame(SocketPeer peer, string frame)
    {
        if (!SocketIoPacket.TryParse(frame, out var packet, out var error))
        {
            Log.MalformedPacket(_logger, error ?? "unparsable");
            return;
        }

        switch (packet!.Type)
        {
            case SocketIoPacketType.Heartbeat:
                Interlocked.Increment(ref _heartbeatReplies);
                return;
            case SocketIoPacketType.Disconnect:
                peer.Abort();
                return;
            case SocketIoPacketType.Event when _answering:
                HandleEvent(peer, packet);
                return;
            default:
                return;
        }
    }

    private void HandleEvent(SocketPeer peer, SocketIoPacket packet)
    {
        if (!packet.TryReadEvent(out var element, out var error))
        {
            Log.MalformedPacket(_logger, error ?? "unreadable event");
            Ack(peer, packet, false, $"Malformed event: {error}");
            return;
        }

        var ftrackEvent = JsonNode.Parse(element.GetRawText())!.AsObject();
        var topic = (string?)ftrackEvent["topic"] is { } t ? t : "";
        if (topic == FtrackEventHub.SubscribeTopic)
        {
            var refusal = Subscribe(peer, ftrackEvent["data"] as JsonObject);
            Ack(peer, packet, refusal is null, refusal);
            return;
        }

        if (topic == FtrackEventHub.UnsubscribeTopic)
        {
            var id = (ftrackEvent["data"]?["subscriber"]?["id"] as JsonValue)?.ToString();
            lock (_routeGate)
            {
                peer.Subscribers.RemoveAll(s => s.Id == id);
            }

            Ack(peer, packet, true, null);
            return;
        }

        Ack(peer, packet, true, null);
        Route(ftrackEvent);
    }

    private string? Subscribe(SocketPeer peer, JsonObject? data)
    {
        if (data?["subscriber"] is not JsonObject metadata || metadata["id"] is not JsonValue idValue || idValue.GetValueKind() != JsonValueKind.String)
        {
            return "The subscribe event has no data.subscriber.id.";
        }

        if ((data["subscription"] as JsonValue)?.GetValueKind() != JsonValueKind.String)
        {
            return "The subscribe event has no data.subscription.";
        }

        if (!FtrackExpression.TryParse(data["subscription"]!.GetValue<string>(), out var expression, out var error))
        {
            return error;
        }

        var id = idValue.GetValue<string>();
        var subscriber = new HubSubscriber(id, expression!, JsonSerializer.SerializeToElement(metadata));
        lock (_routeGate)
        {
            peer.Subscribers.RemoveAll(s => s.Id == id);
            peer.Subscribers.Add(subscriber);
        }

        return null;
    }

    private static void Ack(SocketPeer peer, SocketIoPacket packet, bool success, string? message)
    {
        if (packet.Id is not { } id)
        {
            return;
        }

        var result = new JsonObject { ["success"] = success };
        if (message is not null)
        {
            result["message"] = message;
        }

        peer.Enqueue(SocketIoPacket.ForAck(id, result).Serialize());
    }

    private void Route(JsonObject ftrackEvent)
    {
        var topic = (ftrackEvent["topic"] as JsonValue)?.ToString() ?? "";
        var target = (ftrackEvent["target"] as JsonValue)?.ToString() ?? "";
        FtrackExpression? targetExpression = null;
        if (target.Length > 0 && !FtrackExpression.TryParse(target, out targetExpression, out var error))
        {
            Log.BadTarget(_logger, (ftrackEvent["id"] as JsonValue)?.ToString() ?? "", error ?? "");
            return;
        }

        var element = JsonSerializer.SerializeToElement(ftrackEvent);
        var frame = SocketIoPacket.ForEvent((JsonObject)ftrackEvent.DeepClone(), null).Serialize();
        Interlocked.Increment(ref _routedEvents);
        lock (_routeGate)
        {
            foreach (var peer in _peers)
            {
                if (peer.Subscribers.Exists(s => s.Subscription.Matches(element) && (targetExpression is null || targetExpression.Matches(s.Metadata))))
                {
                    peer.Deliver(frame, ftrackEvent);
                }
            }
        }

        Log.Routed(_logger, topic);
    }

    private sealed record HubSubscriber(string Id, FtrackExpression Subscription, JsonElement Metadata);

    /// <summary>A party the hub routes to: a WebSocket connection or the fake web client.</summary>
    private abstract class Peer
    {
        public List<HubSubscriber> Subscribers { get; } = [];

        public abstract void Deliver(string frame, JsonObject ftrackEvent);
    }

    private sealed class WebClientPeer : Peer
    {
        private readonly List<JsonObject> _inbox = [];
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public WebClientPeer(string sourceId, string username, string userId)
        {
            SourceId = sourceId;
            Username = username;
            UserId = userId;
            var metadata = JsonSerializer.SerializeToElement(new JsonObject
            {
                ["id"] = sourceId,
                ["applicationId"] = WebClientApplicationId,
                ["user"] = new JsonObject { ["username"] = username, ["id"] = userId },
            });
            Subscribers.Add(new HubSubscriber(sourceId, FtrackExpression.Parse($"topic={FtrackEventHub.ReplyTopic}"), metadata));
            Subscribers.Add(new HubSubscriber(sourceId, FtrackExpression.Parse("topic=ftrack.action.trigger-user-interface"), metadata));
        }

        public string SourceId { get; }

        public string Username { get; }

        public string UserId { get; }

        public Task Changed
        {
            get
            {
                lock (_inbox)
                {
                    return _changed.Task;
                }
            }
        }

        public override void Deliver(string frame, JsonObject ftrackEvent)
        {
            lock (_inbox)
            {
                _inbox.Add((JsonObject)ftrackEvent.DeepClone());
                var changed = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                changed.TrySetResult();
            }
        }

        public List<JsonObject> Snapshot()
        {
            lock (_inbox)
            {
                return [.. _inbox.Select(e => (JsonObject)e.DeepClone())];
            }
        }
    }

    private sealed class SocketPeer(int number, WebSocket socket, CancellationTokenSource lifetime, TimeProvider time) : Peer
    {
        public int Number { get; } = number;

        private readonly Channel<Outgoing> _outbox = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });

        public WebSocket Socket { get; } = socket;

        public CancellationToken Token { get; } = lifetime.Token;

        public void Enqueue(string frame) => _outbox.Writer.TryWrite(new Outgoing(frame, null));

        public void EnqueueBytes(byte[] frame) => _outbox.Writer.TryWrite(new Outgoing("", null, frame));

        public override void Deliver(string frame, JsonObject ftrackEvent) => Enqueue(frame);

        public async Task DropAsync(FtrackHubDrop how, CancellationToken cancellationToken)
        {
            if (how == FtrackHubDrop.Abort)
            {
                Abort();
                return;
            }

            var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_outbox.Writer.TryWrite(new Outgoing("0::", sent)))
            {
                try
                {
                    await sent.Task.WaitAsync(TimeSpan.FromSeconds(10), time, cancellationToken);
                }
                catch (TimeoutException)
                {
                    // The client does not read; abort below.
                }
            }

            Abort();
        }

        public async Task RunWriterAsync()
        {
            try
            {
                await foreach (var outgoing in _outbox.Reader.ReadAllAsync(Token))
                {
                    await Socket.SendAsync(outgoing.Bytes ?? Encoding.UTF8.GetBytes(outgoing.Frame), WebSocketMessageType.Text, true, Token);
                    if (outgoing.Sent is { } sent)
                    {
                        try
                        {
                            using var close = new CancellationTokenSource(TimeSpan.FromSeconds(2), time);
                            await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "disconnect", close.Token);
                        }
                        finally
                        {
                            sent.TrySetResult();
                        }

                        return;
                    }
                }
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
            {
                // The connection ended.
            }
        }

        public void Abort()
        {
            _outbox.Writer.TryComplete();
            try
            {
                lifetime.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Already finished.
            }

            Socket.Abort();
        }

        private sealed record Outgoing(string Frame, TaskCompletionSource? Sent, byte[]? Bytes = null);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9150, Level = LogLevel.Information, Message = "ftrack hub emulator: connection {Number} opened")]
        public static partial void Connected(ILogger logger, int number);

        [LoggerMessage(EventId = 9151, Level = LogLevel.Information, Message = "ftrack hub emulator: connection {Number} closed")]
        public static partial void Disconnected(ILogger logger, int number);

        [LoggerMessage(EventId = 9152, Level = LogLevel.Warning, Message = "ftrack hub emulator: handshake rejected for api user {ApiUser}")]
        public static partial void HandshakeRejected(ILogger logger, string apiUser);

        [LoggerMessage(EventId = 9153, Level = LogLevel.Warning, Message = "ftrack hub emulator: malformed client packet ({Reason})")]
        public static partial void MalformedPacket(ILogger logger, string reason);

        [LoggerMessage(EventId = 9154, Level = LogLevel.Warning, Message = "ftrack hub emulator: event {EventId} not routed, invalid target: {Error}")]
        public static partial void BadTarget(ILogger logger, string eventId, string error);

        [LoggerMessage(EventId = 9155, Level = LogLevel.Debug, Message = "ftrack hub emulator: routed {Topic}")]
        public static partial void Routed(ILogger logger, string topic);
    }
}
