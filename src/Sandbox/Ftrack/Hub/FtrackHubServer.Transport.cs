using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack.EventHub;

namespace AyonFtrack.Sandbox.Ftrack.Hub;

/// <summary>
/// The hub emulator's transport (ftrack-protocol.md §3): the socket.io 0.9 handshake (<c>GET /socket.io/1/</c>, answered
/// <c>sid:60:60:websocket</c> for a valid api user and key), the WebSocket upgrade of a pending sid, and per connection
/// the <c>1::</c> greeting, the heartbeat loop, the read loop that joins a message's frames, and the packet dispatch
/// (heartbeat answers counted, <c>0::</c> ends the connection, events go to routing) with the ack of every packet id.
/// </summary>
public sealed partial class FtrackHubServer
{
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
}
