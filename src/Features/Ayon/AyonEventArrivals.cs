using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Features.Ayon;

/// <summary>Lets an idle enroll loop wake as soon as AYON stores an event it may enroll.</summary>
public interface IAyonEventArrivals
{
    /// <summary>
    /// Waits until an event that <paramref name="request"/> would enroll may have arrived, or <paramref name="idleDelay"/>
    /// passed. Returns at once when one arrived since the previous wait returned.
    /// </summary>
    Task WaitAsync(EnrollRequest request, TimeSpan idleDelay, CancellationToken cancellationToken);
}

/// <summary>
/// Event arrivals from AYON's event websocket <c>{server}/ws</c> (ayon-backend <c>ws_endpoint</c> and
/// <c>ayon_server/api/messaging.py</c>): after connecting it sends <c>{"topic":"auth","token":API key,"subscribe":[prefixes]}</c>
/// (an API key that has authenticated a REST request is its own session token), then every pushed message of a
/// subscribed topic, not sent by an ignored sender type, wakes the waiting loop. The server acknowledges nothing: the
/// socket counts as working from the auth message on, and is given up (and reconnected) when no first message (an event,
/// or the heartbeat the server sends every ~5 s when quiet) comes within <see cref="FirstMessageLimit"/>, or nothing at
/// all for <see cref="SilenceLimit"/>; the real server also closes a socket whose token it refused. The loop is woken
/// once at the auth message and once at the first message, so an event stored while the subscription was being set up
/// is not left to the next poll.
/// <para>
/// While the socket works, a wait lasts up to the loop's idle delay, so the idle request rate stays what it was; while it
/// does not (connecting, refused, closed, silent), waits are cut to <see cref="FallbackPoll"/> (the original's 0.1 s
/// poll). The socket reconnects with a backoff of 1 s doubling to 30 s.
/// The API key goes only into the auth message, never into a log line. One waiting loop per instance. With
/// <c>Ayon:EventSocket=false</c> a wait is the plain idle delay.
/// </para>
/// </summary>
public sealed partial class AyonEventArrivals(IOptions<AyonOptions> options, TimeProvider time, ILogger<AyonEventArrivals> logger) : IAyonEventArrivals, IAsyncDisposable
{
    /// <summary>The wait while the websocket is not working.</summary>
    public static readonly TimeSpan FallbackPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>No message for this long (the server's heartbeat comes every ~5 s when quiet) and the socket is reconnected.</summary>
    public static readonly TimeSpan SilenceLimit = TimeSpan.FromSeconds(60);

    /// <summary>No first message this long after the auth message and the token is taken as refused: the socket is reconnected.</summary>
    public static readonly TimeSpan FirstMessageLimit = TimeSpan.FromSeconds(15);

    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _startLock = new();
    private TaskCompletionSource _wake = NewWake();
    private int _arrived;
    private volatile bool _working;
    private volatile bool _confirmed;
    private Task? _socketLoop;

    /// <summary>True while the websocket is connected and subscribed (waits last the idle delay).</summary>
    public bool IsWorking => _working;

    /// <summary>True while the websocket is connected and the server has sent a message on it (so the subscription is in place).</summary>
    public bool IsConfirmed => _confirmed;

    /// <inheritdoc />
    public async Task WaitAsync(EnrollRequest request, TimeSpan idleDelay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!options.Value.EventSocket)
        {
            await Task.Delay(idleDelay, time, cancellationToken);
            return;
        }

        EnsureStarted(request);
        var wake = Volatile.Read(ref _wake);
        if (wake.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _wake, NewWake(), wake);
            wake = Volatile.Read(ref _wake);
        }

        if (Interlocked.Exchange(ref _arrived, 0) == 1)
        {
            return;
        }

        var delay = _working ? idleDelay : (idleDelay < FallbackPoll ? idleDelay : FallbackPoll);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sleeping = Task.Delay(delay, time, timer.Token);
        await Task.WhenAny(wake.Task, sleeping);
        await timer.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Exchange(ref _arrived, 0);
    }

    /// <summary>The topic prefixes a subscription needs for <paramref name="sourceTopic"/>: a pattern up to its first <c>*</c>, or the listed topics.</summary>
    public static IReadOnlyList<string> Prefixes(JsonNode sourceTopic) => sourceTopic switch
    {
        JsonArray topics => [.. topics.Select(t => t?.GetValue<string>()).OfType<string>().Distinct(StringComparer.Ordinal)],
        JsonValue v when v.TryGetValue<string>(out var pattern) => [pattern.Split('*')[0]],
        _ => [],
    };

    /// <summary>True when a pushed message should wake a loop enrolling with <paramref name="prefixes"/> and <paramref name="ignoredSenderTypes"/>.</summary>
    public static bool Wakes(JsonObject message, IReadOnlyList<string> prefixes, IReadOnlyList<string> ignoredSenderTypes)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(prefixes);
        ArgumentNullException.ThrowIfNull(ignoredSenderTypes);
        if (message["topic"] is not JsonValue t || !t.TryGetValue<string>(out var topic) || topic == "heartbeat")
        {
            return false;
        }

        if (message["senderType"] is JsonValue s && s.TryGetValue<string>(out var senderType) && ignoredSenderTypes.Contains(senderType))
        {
            return false;
        }

        return prefixes.Any(p => p.Length == 0 || topic.StartsWith(p, StringComparison.Ordinal));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_socketLoop is { } loop)
        {
            try
            {
                await loop;
            }
            catch (OperationCanceledException)
            {
            }
        }

        _stop.Dispose();
    }

    private static TaskCompletionSource NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Signal()
    {
        Volatile.Write(ref _arrived, 1);
        Volatile.Read(ref _wake).TrySetResult();
    }

    private void EnsureStarted(EnrollRequest request)
    {
        if (_socketLoop is not null)
        {
            return;
        }

        lock (_startLock)
        {
            _socketLoop ??= RunSocketAsync(Prefixes(request.SourceTopic), request.IgnoreSenderTypes ?? [], _stop.Token);
        }
    }

    private async Task RunSocketAsync(IReadOnlyList<string> prefixes, IReadOnlyList<string> ignoredSenderTypes, CancellationToken stop)
    {
        await Task.Yield();
        var failures = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(prefixes, ignoredSenderTypes, stop);
                failures = 0;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is WebSocketException or HttpRequestException or OperationCanceledException or IOException or JsonException or InvalidOperationException)
            {
                failures++;
                Log.SocketFailed(logger, failures, ex);
            }
            finally
            {
                _working = false;
                _confirmed = false;
            }

            var delay = TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, Math.Min(Math.Max(failures, 1) - 1, 5))));
            try
            {
                await Task.Delay(delay, time, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ListenAsync(IReadOnlyList<string> prefixes, IReadOnlyList<string> ignoredSenderTypes, CancellationToken stop)
    {
        var o = options.Value;
        var server = AyonClientRegistration.BaseAddress(o);
        var uri = new UriBuilder(server) { Scheme = server.Scheme == Uri.UriSchemeHttps ? "wss" : "ws", Path = server.AbsolutePath.TrimEnd('/') + "/ws" }.Uri;
        using var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(30);
        using (var connect = CancellationTokenSource.CreateLinkedTokenSource(stop))
        {
            connect.CancelAfter(TimeSpan.FromSeconds(o.TimeoutSeconds));
            await socket.ConnectAsync(uri, connect.Token);
            var auth = new JsonObject
            {
                ["topic"] = "auth",
                ["token"] = o.ApiKey,
                ["subscribe"] = new JsonArray([.. prefixes.Select(p => (JsonNode?)p)]),
            };
            await socket.SendAsync(Encoding.UTF8.GetBytes(auth.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, connect.Token);
        }

        Log.SocketConnected(logger, uri, prefixes.Count);
        _working = true;
        Signal();
        var buffer = new byte[16 * 1024];
        using var text = new MemoryStream();
        while (!stop.IsCancellationRequested)
        {
            using var silence = CancellationTokenSource.CreateLinkedTokenSource(stop);
            silence.CancelAfter(_confirmed ? SilenceLimit : FirstMessageLimit);
            var result = await socket.ReceiveAsync(buffer, silence.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                Log.SocketClosed(logger, (int?)result.CloseStatus ?? 0);
                return;
            }

            text.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }

            var message = JsonNode.Parse(text.GetBuffer().AsSpan(0, (int)text.Length)) as JsonObject;
            text.SetLength(0);
            if (!_confirmed)
            {
                _confirmed = true;

                // Events stored before the server had the subscription were announced to nobody: look once more.
                Signal();
            }

            if (message is not null && Wakes(message, prefixes, ignoredSenderTypes))
            {
                Signal();
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8060, Level = LogLevel.Debug, Message = "AYON event websocket {Url} connected ({TopicCount} topic prefixes)")]
        public static partial void SocketConnected(ILogger logger, Uri url, int topicCount);

        [LoggerMessage(EventId = 8061, Level = LogLevel.Debug, Message = "AYON event websocket closed by the server ({Status}); polling until it reconnects")]
        public static partial void SocketClosed(ILogger logger, int status);

        [LoggerMessage(EventId = 8062, Level = LogLevel.Debug, Message = "AYON event websocket attempt {Attempt} failed; polling until it reconnects")]
        public static partial void SocketFailed(ILogger logger, int attempt, Exception exception);
    }
}
