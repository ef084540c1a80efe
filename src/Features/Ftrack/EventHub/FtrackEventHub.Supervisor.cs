using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack.EventHub.Expressions;

namespace AyonFtrack.Features.Ftrack.EventHub;

/// <summary>
/// The supervisor half of the hub client: from <see cref="StartAsync"/> to <see cref="StopAsync"/> it keeps one
/// <see cref="HubSession"/> at a time alive (handshake, WebSocket upgrade, every subscriber announced again), and after a
/// lost connection reconnects forever with exponential backoff and jitter. The reader (<c>FtrackEventHub.Frames.cs</c>)
/// answers heartbeats and ends a session whose server stays silent for <see cref="FtrackEventHubOptions.HeartbeatTimeout"/>;
/// <see cref="ConnectionChanged"/> is raised on every connect and disconnect.
/// </summary>
public sealed partial class FtrackEventHub
{
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
        var sid = await HubSession.HandshakeAsync(_http, credentials, _options.HandshakeTimeout, _time, stoppingToken);
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        var session = new HubSession(socket, CancellationTokenSource.CreateLinkedTokenSource(stoppingToken));
        try
        {
            using (var upgrade = new HubTimeoutScope(_options.HandshakeTimeout, _time, stoppingToken))
            {
                try
                {
                    await socket.ConnectAsync(HubSession.WebSocketUri(credentials.ServerUrl, sid), _webSocketInvoker, upgrade.Token);
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

    private async Task AnnounceAllAsync(HubSession session)
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

    private async Task EndSessionAsync(HubSession session, bool stopping)
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
}
