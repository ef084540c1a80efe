using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack.EventHub.Expressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Features.Ftrack.EventHub;

/// <summary>
/// The ftrack event hub client: socket.io 0.9 over <see cref="ClientWebSocket"/> (ftrack-protocol.md §3),
/// hand-written because no package speaks that protocol version.
/// </summary>
/// <remarks>
/// <para>One reader loop per connection parses frames, answers heartbeats at once, completes acks and
/// replies, and queues matching events into a bounded channel; a separate dispatch loop runs the handlers
/// one at a time, so a slow handler never delays a heartbeat answer.</para>
/// <para>The connection is re-established forever (1 handshake + upgrade + re-subscribe per attempt) with
/// exponential backoff and jitter, from <see cref="StartAsync"/> until <see cref="StopAsync"/>. A server that
/// sends nothing (not even heartbeats) for <see cref="FtrackEventHubOptions.HeartbeatTimeout"/> counts as gone.</para>
/// <para>Differences from the Python client, on purpose: it never gives up reconnecting (Python stops after
/// 30 attempts and the ayon services then rebuild the whole session); a refused publish or subscribe is an
/// exception, not a log line; events with unknown top-level keys are accepted (their extra keys ignored).</para>
/// </remarks>
public sealed partial class FtrackEventHub : IFtrackEventHub, IAsyncDisposable
{
    /// <summary>Topic of replies.</summary>
    public const string ReplyTopic = "ftrack.meta.reply";

    /// <summary>Topic of the subscribe meta event.</summary>
    public const string SubscribeTopic = "ftrack.meta.subscribe";

    /// <summary>Topic of the unsubscribe meta event.</summary>
    public const string UnsubscribeTopic = "ftrack.meta.unsubscribe";

    private readonly FtrackConnection _connection;
    private readonly FtrackEventHubOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<FtrackEventHub> _logger;
    private readonly HttpClient _http;
    private readonly HttpMessageInvoker _webSocketInvoker;
    private readonly Lock _gate = new();
    private readonly List<Subscriber> _subscribers = [];
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonElement>> _pendingAcks = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<FtrackEvent>> _pendingReplies = new(StringComparer.Ordinal);
    private readonly Channel<Dispatch> _dispatch;
    private Subscriber[] _subscriberSnapshot = [];
    private bool _replySubscriberAdded;
    private long _nextPacketId;
    private Session? _session;
    private TaskCompletionSource _connected = NewSignal();
    private volatile bool _isConnected;
    private int _connectCount;
    private CancellationTokenSource? _runCts;
    private Task _runTask = Task.CompletedTask;
    private Task _dispatchTask = Task.CompletedTask;
    private bool _started;

    public FtrackEventHub(FtrackConnection connection, IOptions<FtrackEventHubOptions> options, TimeProvider timeProvider, ILogger<FtrackEventHub> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _connection = connection;
        _options = options.Value;
        _time = timeProvider;
        _logger = logger;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };

        // Text frames arrive labelled binary, so one frame of invalid UTF-8 is the reader's to refuse, not the socket's.
        _webSocketInvoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            PlaintextStreamFilter = (context, _) => ValueTask.FromResult<Stream>(new TextFramesAsBinaryStream(context.PlaintextStream)),
        });
        _dispatch = Channel.CreateBounded<Dispatch>(new BoundedChannelOptions(_options.DispatchQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        });
        Id = NewId();
    }

    /// <inheritdoc />
    public string Id { get; }

    /// <inheritdoc />
    public bool IsConnected => _isConnected;

    /// <inheritdoc />
    public int ConnectCount => Volatile.Read(ref _connectCount);

    /// <inheritdoc />
    public event EventHandler<FtrackHubConnectionChangedEventArgs>? ConnectionChanged;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_started)
            {
                return Task.CompletedTask;
            }

            _started = true;
            _runCts = new CancellationTokenSource();
            _dispatchTask = DispatchLoopAsync(_runCts.Token);
            _runTask = RunAsync(_runCts.Token);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        CancellationTokenSource? runCts;
        lock (_gate)
        {
            runCts = _runCts;
            _runCts = null;
        }

        if (runCts is null)
        {
            return;
        }

        await runCts.CancelAsync();
        try
        {
            await Task.WhenAll(_runTask, _dispatchTask).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The loops end by cancellation.
        }

        // Only a hub whose loops have ended can be started again; a caller who gave up waiting leaves them winding down.
        runCts.Dispose();
        lock (_gate)
        {
            _started = false;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _http.Dispose();
        _webSocketInvoker.Dispose();
    }

    /// <inheritdoc />
    public Task WaitUntilConnectedAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _connected.Task.WaitAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public async Task<string> SubscribeAsync(string subscription, FtrackSubscriptionHandler handler, JsonObject? subscriber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var expression = FtrackExpression.Parse(subscription);
        var metadata = subscriber?.DeepClone().AsObject() ?? [];
        if (!metadata.TryGetPropertyValue("id", out var idNode) || idNode is null)
        {
            metadata["id"] = NewId();
        }
        else if (idNode is not JsonValue idValue || idValue.GetValueKind() != JsonValueKind.String || idValue.GetValue<string>().Length == 0)
        {
            throw new ArgumentException("The subscriber id must be a non-empty string.", nameof(subscriber));
        }

        var added = new Subscriber(metadata["id"]!.GetValue<string>(), expression, JsonSerializer.SerializeToElement(metadata), metadata.ToJsonString(HubJson.Options), handler);
        Session? announceOn;
        lock (_gate)
        {
            if (added.Id == Id || _subscribers.Exists(s => s.Id == added.Id))
            {
                throw new ArgumentException($"A subscriber with id {added.Id} is already registered on this hub.", nameof(subscriber));
            }

            _subscribers.Add(added);
            _subscriberSnapshot = [.. _subscribers];
            announceOn = _session;
        }

        Log.Subscribing(_logger, added.Id);
        if (announceOn is not null)
        {
            try
            {
                await AnnounceAsync(announceOn, added, cancellationToken);
            }
            catch (FtrackEventHubException ex) when (ex.Data.Contains(RefusedMarker))
            {
                RemoveSubscriber(added.Id);
                throw;
            }
            catch (FtrackEventHubException ex)
            {
                // The connection went away: the subscriber is announced again on the next connect.
                Log.AnnounceDeferred(_logger, added.Id, ex.Message);
            }
        }

        return added.Id;
    }

    /// <inheritdoc />
    public async Task<bool> UnsubscribeAsync(string subscriberId, CancellationToken cancellationToken)
    {
        if (!RemoveSubscriber(subscriberId))
        {
            return false;
        }

        Session? session;
        lock (_gate)
        {
            session = _isConnected ? _session : null;
        }

        if (session is not null)
        {
            var unsubscribe = NewMetaEvent(UnsubscribeTopic, new JsonObject { ["subscriber"] = new JsonObject { ["id"] = subscriberId } });
            try
            {
                var arguments = await SendWithAckAsync(session, unsubscribe, cancellationToken);
                if (!AckSucceeded(arguments, out var message))
                {
                    Log.UnsubscribeRefused(_logger, subscriberId, message);
                }
            }
            catch (FtrackEventHubException ex)
            {
                // Subscriptions vanish with the connection anyway.
                Log.UnsubscribeRefused(_logger, subscriberId, ex.Message);
            }
        }

        return true;
    }

    /// <inheritdoc />
    public async Task<FtrackEvent> PublishAsync(FtrackEvent ftrackEvent, CancellationToken cancellationToken)
    {
        var json = Prepare(ftrackEvent);
        await PublishPreparedAsync(json, cancellationToken);
        return FtrackEvent.FromHub(JsonSerializer.SerializeToElement(json));
    }

    /// <inheritdoc />
    public async Task<FtrackEvent> PublishAndWaitForReplyAsync(FtrackEvent ftrackEvent, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var json = Prepare(ftrackEvent);
        var eventId = json["id"]!.GetValue<string>();
        var topic = json["topic"]!.GetValue<string>();
        var wait = timeout ?? _options.ReplyTimeout;
        var reply = new TaskCompletionSource<FtrackEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pendingReplies[eventId] = reply;
        try
        {
            await PublishPreparedAsync(json, cancellationToken);
            return await reply.Task.WaitAsync(wait, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No reply to ftrack event {eventId} ({topic}) within {wait.TotalSeconds:0.###} s.");
        }
        finally
        {
            _pendingReplies.TryRemove(eventId, out _);
        }
    }

    /// <inheritdoc />
    public Task ReplyAsync(FtrackEvent original, JsonNode data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(data);
        var sourceId = original.SourceId;
        if (string.IsNullOrEmpty(sourceId))
        {
            throw new FtrackEventHubException($"Cannot reply to ftrack event {original.Id} ({original.Topic}): it has no source.id.");
        }

        var reply = FtrackEvent.Create(NewId(), ReplyTopic, data.DeepClone(), target: $"id={FtrackExpression.QuoteValue(sourceId)}", inReplyToEvent: original.Id);
        return PublishAsync(reply, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> CheckLivenessAsync(TimeSpan? timeout, CancellationToken cancellationToken)
    {
        if (!_isConnected)
        {
            Log.LivenessFailed(_logger, "not connected");
            return false;
        }

        var wait = timeout ?? _options.LivenessTimeout;
        var probeId = NewId();
        var probe = Prepare(FtrackEvent.Create(NewId(), ReplyTopic, new JsonObject { ["liveness"] = true }, target: $"id={FtrackExpression.QuoteValue(Id)}", inReplyToEvent: probeId));
        var reply = new TaskCompletionSource<FtrackEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pendingReplies[probeId] = reply;
        using var deadline = new CancellationTokenSource(wait, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await PublishPreparedAsync(probe, linked.Token);
            await reply.Task.WaitAsync(linked.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Log.LivenessFailed(_logger, $"no round trip within {wait.TotalSeconds:0.###} s");
            return false;
        }
        catch (Exception ex) when (ex is FtrackEventHubException or TimeoutException)
        {
            Log.LivenessFailed(_logger, ex.Message);
            return false;
        }
        finally
        {
            _pendingReplies.TryRemove(probeId, out _);
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var reachedConnected = false;
            try
            {
                reachedConnected = await RunSessionAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                Log.ConnectFailed(_logger, failures + 1, ex.GetType().Name, ex.Message);
            }

            if (stoppingToken.IsCancellationRequested)
            {
                break;
            }

            failures = reachedConnected ? 0 : failures + 1;
            var delay = Backoff(Math.Max(0, failures - 1));
            Log.Reconnecting(_logger, delay.TotalSeconds);
            try
            {
                await Task.Delay(delay, _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private TimeSpan Backoff(int failures)
    {
#pragma warning disable CA5394 // Jitter needs no cryptographic randomness.
        return ComputeBackoff(failures, _options.ReconnectMinDelay, _options.ReconnectMaxDelay, Random.Shared.NextDouble());
#pragma warning restore CA5394
    }

    /// <summary>min·2^failures capped at max, stretched by up to 50 % jitter (<paramref name="random"/> in [0, 1)).</summary>
    internal static TimeSpan ComputeBackoff(int failures, TimeSpan min, TimeSpan max, double random)
    {
        var minMs = min.TotalMilliseconds;
        var maxMs = Math.Max(minMs, max.TotalMilliseconds);
        var delay = Math.Min(maxMs, minMs * Math.Pow(2, Math.Clamp(failures, 0, 30)));
        return TimeSpan.FromMilliseconds(delay * (1 + (Math.Clamp(random, 0, 1) * 0.5)));
    }

    private async Task<bool> RunSessionAsync(CancellationToken stoppingToken)
    {
        var credentials = _connection.Required;
        var sid = await HandshakeAsync(credentials, stoppingToken);
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        var session = new Session(socket, CancellationTokenSource.CreateLinkedTokenSource(stoppingToken));
        try
        {
            using (var upgrade = new TimeoutScope(_options.HandshakeTimeout, _time, stoppingToken))
            {
                try
                {
                    await socket.ConnectAsync(WebSocketUri(credentials.ServerUrl, sid), _webSocketInvoker, upgrade.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    session.End($"the WebSocket upgrade at {credentials.ServerUrl} timed out after {_options.HandshakeTimeout.TotalSeconds:0.###} s");
                    return false;
                }
            }

            await ReadLoopAsync(session);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException || (ex is OperationCanceledException && !stoppingToken.IsCancellationRequested))
        {
            session.End($"connection lost ({ex.GetType().Name}: {ex.Message})");
        }
        finally
        {
            await EndSessionAsync(session, stoppingToken.IsCancellationRequested);
        }

        return session.WasConnected;
    }

    private async Task<string> HandshakeAsync(FtrackCredentials credentials, CancellationToken stoppingToken)
    {
        var url = new Uri(credentials.ServerUrl, "/socket.io/1/");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("ftrack-user", credentials.ApiUser);
        request.Headers.Add("ftrack-api-key", credentials.ApiKey);
        using var scope = new TimeoutScope(_options.HandshakeTimeout, _time, stoppingToken);
        string body;
        try
        {
            using var response = await _http.SendAsync(request, scope.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new FtrackEventHubException($"The ftrack event hub handshake at {url} failed with HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            body = await response.Content.ReadAsStringAsync(scope.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            throw new FtrackEventHubException($"The ftrack event hub handshake at {url} timed out after {_options.HandshakeTimeout.TotalSeconds:0.###} s.");
        }

        var fields = body.Trim().Split(':');
        if (fields.Length < 4 || fields[0].Length == 0)
        {
            throw new FtrackEventHubException($"The ftrack event hub handshake at {url} returned an unexpected body ({fields.Length} fields, expected sid:heartbeat:close:transports).");
        }

        if (!fields[3].Split(',').Contains("websocket", StringComparer.Ordinal))
        {
            throw new FtrackEventHubException($"The ftrack event hub at {url} does not support websocket sessions.");
        }

        return fields[0];
    }

    private static Uri WebSocketUri(Uri serverUrl, string sid) =>
        new UriBuilder(serverUrl)
        {
            Scheme = serverUrl.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
            Path = "/socket.io/1/websocket/" + Uri.EscapeDataString(sid),
            Query = "",
        }.Uri;

    private async Task DispatchLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var dispatch in _dispatch.Reader.ReadAllAsync(stoppingToken))
            {
                if (dispatch.Rejected is { } rejected)
                {
                    await KeepRejectedAsync(rejected, stoppingToken);
                    continue;
                }

                if (dispatch.Event is not { } ftrackEvent)
                {
                    continue;
                }

                foreach (var subscriber in dispatch.Subscribers ?? [])
                {
                    if (!Array.Exists(Volatile.Read(ref _subscriberSnapshot), s => ReferenceEquals(s, subscriber)))
                    {
                        continue;
                    }

                    try
                    {
                        var reply = await subscriber.Handler!(ftrackEvent, stoppingToken);
                        if (reply is not null)
                        {
                            await ReplyAsync(ftrackEvent, reply, stoppingToken);
                        }
                    }
                    catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                    {
                        return;
                    }
                    catch (Exception ex)
                    {
                        Log.HandlerFailed(_logger, subscriber.Id, ftrackEvent.Topic, ftrackEvent.Id, ex);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task AnnounceAllAsync(Session session)
    {
        try
        {
            Subscriber[] snapshot;
            lock (_gate)
            {
                if (!_replySubscriberAdded)
                {
                    var metadata = new JsonObject { ["id"] = Id };
                    _subscribers.Add(new Subscriber(Id, FtrackExpression.Parse($"topic={ReplyTopic}"), JsonSerializer.SerializeToElement(metadata), metadata.ToJsonString(), null));
                    _subscriberSnapshot = [.. _subscribers];
                    _replySubscriberAdded = true;
                }

                if (session.Token.IsCancellationRequested)
                {
                    return;
                }

                snapshot = [.. _subscribers];
                _session = session;
            }

            foreach (var subscriber in snapshot)
            {
                try
                {
                    await AnnounceAsync(session, subscriber, session.Token);
                }
                catch (FtrackEventHubException ex) when (ex.Data.Contains(RefusedMarker))
                {
                    Log.SubscribeRefused(_logger, subscriber.Id, ex.Message);
                }
            }

            int count;
            EventHandler<FtrackHubConnectionChangedEventArgs>? handlers;
            lock (_gate)
            {
                if (_session != session || session.Token.IsCancellationRequested)
                {
                    return;
                }

                count = Interlocked.Increment(ref _connectCount);
                session.WasConnected = true;
                _isConnected = true;
                _connected.TrySetResult();
                handlers = ConnectionChanged;
            }

            Log.Connected(_logger, count, snapshot.Length);
            Raise(handlers, new FtrackHubConnectionChangedEventArgs(true, count, "connected"));
        }
        catch (Exception ex)
        {
            session.End($"announcing subscribers failed ({ex.GetType().Name}: {ex.Message})");
            session.Abort();
        }
    }

    private async Task AnnounceAsync(Session session, Subscriber subscriber, CancellationToken cancellationToken)
    {
        var subscribe = NewMetaEvent(SubscribeTopic, new JsonObject
        {
            ["subscriber"] = JsonNode.Parse(subscriber.MetadataJson),
            ["subscription"] = subscriber.Subscription.Text,
        });
        var arguments = await SendWithAckAsync(session, subscribe, cancellationToken);
        if (!AckSucceeded(arguments, out var message))
        {
            var refused = new FtrackEventHubException($"The ftrack event hub refused subscriber {subscriber.Id} ({subscriber.Subscription.Text}): {message}");
            refused.Data[RefusedMarker] = true;
            throw refused;
        }
    }

    private const string RefusedMarker = "ftrack-hub-refused";

    private async Task PublishPreparedAsync(JsonObject json, CancellationToken cancellationToken)
    {
        var session = await WaitForSessionAsync(cancellationToken);
        var arguments = await SendWithAckAsync(session, json, cancellationToken);
        if (!AckSucceeded(arguments, out var message))
        {
            throw new FtrackEventHubException($"The ftrack event hub refused event {json["id"]} ({json["topic"]}): {message}");
        }
    }

    private async Task<Session> WaitForSessionAsync(CancellationToken cancellationToken)
    {
        Task connected;
        lock (_gate)
        {
            if (_isConnected && _session is { } current)
            {
                return current;
            }

            connected = _connected.Task;
        }

        try
        {
            await connected.WaitAsync(_options.ReplyTimeout, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new FtrackEventHubException($"The ftrack event hub is not connected (waited {_options.ReplyTimeout.TotalSeconds:0.###} s).");
        }

        lock (_gate)
        {
            return _session ?? throw new FtrackEventHubException("The ftrack event hub connection was lost.");
        }
    }

    private async Task<JsonElement> SendWithAckAsync(Session session, JsonObject json, CancellationToken cancellationToken)
    {
        var packetId = Interlocked.Increment(ref _nextPacketId);
        var ack = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pendingAcks[packetId] = ack;
        try
        {
            await session.SendAsync(SocketIoPacket.ForEvent(json, packetId).Serialize(), cancellationToken);
            return await ack.Task.WaitAsync(_options.ReplyTimeout, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new FtrackEventHubException($"The ftrack event hub did not acknowledge event {json["id"]} ({json["topic"]}) within {_options.ReplyTimeout.TotalSeconds:0.###} s.");
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new FtrackEventHubException($"The ftrack event hub connection was lost while sending event {json["id"]} ({json["topic"]}).", ex);
        }
        finally
        {
            _pendingAcks.TryRemove(packetId, out _);
        }
    }

    private async Task EndSessionAsync(Session session, bool stopping)
    {
        bool wasConnected;
        int count;
        EventHandler<FtrackHubConnectionChangedEventArgs>? handlers;
        lock (_gate)
        {
            if (_session == session)
            {
                _session = null;
            }

            wasConnected = session.WasConnected;
            _isConnected = false;
            if (_connected.Task.IsCompleted)
            {
                _connected = NewSignal();
            }

            count = _connectCount;
            handlers = ConnectionChanged;
        }

        if (stopping && session.Socket.State == WebSocketState.Open)
        {
            using var close = new CancellationTokenSource(TimeSpan.FromSeconds(2), _time);
            try
            {
                await session.SendAsync("0::", close.Token);
                await session.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", close.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
            {
                // Best effort on the way out.
            }
        }

        session.Abort();
        foreach (var pending in _pendingAcks)
        {
            if (_pendingAcks.TryRemove(pending.Key, out var ack))
            {
                ack.TrySetException(new FtrackEventHubException("The ftrack event hub connection was lost before the server acknowledged."));
            }
        }

        session.Dispose();
        var reason = stopping ? "stopped" : session.EndReason;
        if (wasConnected)
        {
            Log.Disconnected(_logger, reason);
            Raise(handlers, new FtrackHubConnectionChangedEventArgs(false, count, reason));
        }
        else if (!stopping)
        {
            Log.EndedBeforeReady(_logger, reason);
        }
    }

    private void Raise(EventHandler<FtrackHubConnectionChangedEventArgs>? handlers, FtrackHubConnectionChangedEventArgs args)
    {
        if (handlers is null)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<EventHandler<FtrackHubConnectionChangedEventArgs>>())
        {
            try
            {
                handler(this, args);
            }
            catch (Exception ex)
            {
                Log.ConnectionHandlerFailed(_logger, ex);
            }
        }
    }

    private bool RemoveSubscriber(string subscriberId)
    {
        lock (_gate)
        {
            var index = _subscribers.FindIndex(s => s.Id == subscriberId && s.Handler is not null);
            if (index < 0)
            {
                return false;
            }

            _subscribers.RemoveAt(index);
            _subscriberSnapshot = [.. _subscribers];
            return true;
        }
    }

    private JsonObject Prepare(FtrackEvent ftrackEvent)
    {
        ArgumentNullException.ThrowIfNull(ftrackEvent);
        if (string.IsNullOrEmpty(ftrackEvent.Topic))
        {
            throw new ArgumentException("An ftrack event needs a topic.", nameof(ftrackEvent));
        }

        var json = ftrackEvent.ToHub();
        if (string.IsNullOrEmpty(ftrackEvent.Id))
        {
            json["id"] = NewId();
        }

        FillSource(json);
        return json;
    }

    private JsonObject NewMetaEvent(string topic, JsonObject data)
    {
        var json = new JsonObject
        {
            ["id"] = NewId(),
            ["topic"] = topic,
            ["data"] = data,
            ["source"] = new JsonObject(),
            ["target"] = "",
            ["sent"] = null,
            ["inReplyToEvent"] = null,
        };
        FillSource(json);
        return json;
    }

    private void FillSource(JsonObject json)
    {
        if (json["source"] is not JsonObject source)
        {
            source = [];
            json["source"] = source;
        }

        if (source["id"] is null)
        {
            source["id"] = Id;
        }

        if (source["user"] is not JsonObject user)
        {
            user = [];
            source["user"] = user;
        }

        if (user["username"] is null && _connection.Current is { } credentials)
        {
            user["username"] = credentials.ApiUser;
        }

        if (source["host"] is null)
        {
            source["host"] = Environment.MachineName;
        }
    }

    private static bool AckSucceeded(JsonElement arguments, out string message)
    {
        if (arguments.ValueKind == JsonValueKind.Undefined)
        {
            message = "";
            return true;
        }

        if (arguments.ValueKind == JsonValueKind.Array && arguments.GetArrayLength() > 0 && arguments[0].ValueKind == JsonValueKind.Object)
        {
            var result = arguments[0];
            if (result.TryGetProperty("success", out var success) && success.ValueKind == JsonValueKind.True)
            {
                message = "";
                return true;
            }

            message = result.TryGetProperty("message", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() ?? "" : "success is not true";
            return false;
        }

        message = "the ack carried no result object";
        return false;
    }

    private static string NewId() => Guid.NewGuid().ToString("N");

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";

    private sealed record Subscriber(string Id, FtrackExpression Subscription, JsonElement Metadata, string MetadataJson, FtrackSubscriptionHandler? Handler);

    /// <summary>One item of the dispatch queue: an event and its matched subscribers, or a refused frame.</summary>
    private sealed record Dispatch(FtrackEvent? Event, List<Subscriber>? Subscribers, FtrackRejectedFrame? Rejected = null);

    /// <summary>A linked token that also fires after a timeout measured on the hub's <see cref="TimeProvider"/>.</summary>
    private sealed class TimeoutScope : IDisposable
    {
        private readonly CancellationTokenSource _timeout;
        private readonly CancellationTokenSource _linked;

        public TimeoutScope(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
        {
            _timeout = new CancellationTokenSource(timeout, timeProvider);
            _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _timeout.Token);
        }

        public CancellationToken Token => _linked.Token;

        public bool TimedOut => _timeout.IsCancellationRequested;

        public void Dispose()
        {
            _linked.Dispose();
            _timeout.Dispose();
        }
    }

    /// <summary>One WebSocket connection: serialised sends, its own cancellation and the reason it ended.</summary>
    private sealed class Session(ClientWebSocket socket, CancellationTokenSource cancellation) : IDisposable
    {
        private readonly SemaphoreSlim _sendLock = new(1, 1);
        private string? _endReason;

        public ClientWebSocket Socket { get; } = socket;

        public CancellationToken Token { get; } = cancellation.Token;

        public bool ConnectStarted { get; set; }

        public bool WasConnected { get; set; }

        public string EndReason => _endReason ?? "connection closed";

        public void End(string reason) => Interlocked.CompareExchange(ref _endReason, reason, null);

        public async Task SendAsync(string text, CancellationToken cancellationToken)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            await _sendLock.WaitAsync(cancellationToken);
            try
            {
                // A frame is never cancelled half-way by a caller: that would abort the whole socket.
                await Socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, Token);
            }
            finally
            {
                _sendLock.Release();
            }
        }

        public void Abort()
        {
            try
            {
                cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Already disposed.
            }

            Socket.Abort();
        }

        public void Dispose()
        {
            Socket.Dispose();
            cancellation.Dispose();
            _sendLock.Dispose();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9100, Level = LogLevel.Information, Message = "ftrack event hub connected (connect #{ConnectCount}, {SubscriberCount} subscribers announced)")]
        public static partial void Connected(ILogger logger, int connectCount, int subscriberCount);

        [LoggerMessage(EventId = 9101, Level = LogLevel.Warning, Message = "ftrack event hub disconnected: {Reason}")]
        public static partial void Disconnected(ILogger logger, string reason);

        [LoggerMessage(EventId = 9102, Level = LogLevel.Warning, Message = "ftrack event hub connect attempt {Attempt} failed: {ErrorType}: {Error}")]
        public static partial void ConnectFailed(ILogger logger, int attempt, string errorType, string error);

        [LoggerMessage(EventId = 9103, Level = LogLevel.Information, Message = "ftrack event hub reconnecting in {DelaySeconds:0.###} s")]
        public static partial void Reconnecting(ILogger logger, double delaySeconds);

        [LoggerMessage(EventId = 9104, Level = LogLevel.Warning, Message = "ftrack event hub sent nothing for {TimeoutSeconds} s; treating the connection as lost")]
        public static partial void ServerSilent(ILogger logger, double timeoutSeconds);

        [LoggerMessage(EventId = 9105, Level = LogLevel.Warning, Message = "Refused a malformed ftrack event hub packet ({Reason}, {Size} bytes)")]
        public static partial void MalformedPacket(ILogger logger, string reason, long size);

        [LoggerMessage(EventId = 9106, Level = LogLevel.Warning, Message = "Refused ftrack event {EventId} ({Topic}, {Size} bytes): {Reason}")]
        public static partial void MalformedEvent(ILogger logger, string reason, string eventId, string topic, long size);

        [LoggerMessage(EventId = 9107, Level = LogLevel.Warning, Message = "ftrack event hub reported an error: {Reason}")]
        public static partial void ServerError(ILogger logger, string reason);

        [LoggerMessage(EventId = 9108, Level = LogLevel.Debug, Message = "Ignored ftrack event hub packet of type {PacketType}")]
        public static partial void IgnoredPacket(ILogger logger, SocketIoPacketType packetType);

        [LoggerMessage(EventId = 9109, Level = LogLevel.Warning, Message = "Skipped ftrack event {EventId} ({Topic}): invalid target: {Error}")]
        public static partial void BadTarget(ILogger logger, string eventId, string topic, string error);

        [LoggerMessage(EventId = 9110, Level = LogLevel.Error, Message = "ftrack event handler of subscriber {SubscriberId} failed on event {EventId} ({Topic})")]
        public static partial void HandlerFailed(ILogger logger, string subscriberId, string topic, string eventId, Exception exception);

        [LoggerMessage(EventId = 9111, Level = LogLevel.Debug, Message = "ftrack event hub subscriber {SubscriberId} added")]
        public static partial void Subscribing(ILogger logger, string subscriberId);

        [LoggerMessage(EventId = 9112, Level = LogLevel.Warning, Message = "ftrack event hub refused subscriber {SubscriberId}: {Error}")]
        public static partial void SubscribeRefused(ILogger logger, string subscriberId, string error);

        [LoggerMessage(EventId = 9113, Level = LogLevel.Warning, Message = "ftrack event hub did not confirm unsubscribing {SubscriberId}: {Error}")]
        public static partial void UnsubscribeRefused(ILogger logger, string subscriberId, string error);

        [LoggerMessage(EventId = 9114, Level = LogLevel.Debug, Message = "ftrack event hub subscriber {SubscriberId} will be announced on the next connect: {Error}")]
        public static partial void AnnounceDeferred(ILogger logger, string subscriberId, string error);

        [LoggerMessage(EventId = 9115, Level = LogLevel.Warning, Message = "ftrack event hub liveness check failed: {Reason}")]
        public static partial void LivenessFailed(ILogger logger, string reason);

        [LoggerMessage(EventId = 9117, Level = LogLevel.Warning, Message = "ftrack event hub connection ended before it was ready: {Reason}")]
        public static partial void EndedBeforeReady(ILogger logger, string reason);

        [LoggerMessage(EventId = 9116, Level = LogLevel.Error, Message = "A ConnectionChanged handler of the ftrack event hub failed")]
        public static partial void ConnectionHandlerFailed(ILogger logger, Exception exception);
    }
}
