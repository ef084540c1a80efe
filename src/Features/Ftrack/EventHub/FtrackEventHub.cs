using System.Collections.Concurrent;
using System.Net.WebSockets;
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
/// <para>The client in parts: <see cref="HubSession"/> is one socket.io connection (handshake, upgrade, serialised
/// sends); the supervisor (<c>FtrackEventHub.Supervisor.cs</c>) keeps one session alive and reconnects; the reader
/// (<c>FtrackEventHub.Frames.cs</c>) reads frames; this file is the hub itself: its lifecycle, the subscribers and the
/// dispatch loop; publishing is in <c>FtrackEventHub.Publish.cs</c>.</para>
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
    private HubSession? _session;
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
        HubSession? announceOn;
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

        HubSession? session;
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

    private async Task AnnounceAsync(HubSession session, Subscriber subscriber, CancellationToken cancellationToken)
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

    private static string NewId() => Guid.NewGuid().ToString("N");

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";

    private sealed record Subscriber(string Id, FtrackExpression Subscription, JsonElement Metadata, string MetadataJson, FtrackSubscriptionHandler? Handler);

    /// <summary>One item of the dispatch queue: an event and its matched subscribers, or a refused frame.</summary>
    private sealed record Dispatch(FtrackEvent? Event, List<Subscriber>? Subscribers, FtrackRejectedFrame? Rejected = null);
}
