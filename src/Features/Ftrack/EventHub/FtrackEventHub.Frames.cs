using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack.EventHub.Expressions;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Ftrack.EventHub;

/// <summary>
/// The reader half of the hub client: frames are read as bytes into one reused buffer, never past
/// <see cref="FtrackEventHubOptions.MaxFrameBytes"/> (a larger frame is streamed to a file or skipped), checked in one
/// pass (<see cref="HubFrameInspector"/>) and parsed straight from the bytes. No frame ends the connection: whatever
/// cannot be delivered becomes one refused-frame record (logged, handed to <see cref="SetRejectedFrameHandler"/>).
/// </summary>
public sealed partial class FtrackEventHub
{
    private const int ReceiveChunkBytes = 16 * 1024;
    private const int RecoveryPrefixBytes = 64 * 1024;
    private FtrackRejectedFrameHandler? _rejectedHandler;
    private long _rejectedFrames;

    /// <summary>Frames refused since start (for tests and operators).</summary>
    public long RejectedFrames => Interlocked.Read(ref _rejectedFrames);

    /// <inheritdoc />
    public void SetRejectedFrameHandler(FtrackRejectedFrameHandler? handler) => Volatile.Write(ref _rejectedHandler, handler);

    private async Task ReadLoopAsync(HubSession session)
    {
        var chunk = new byte[ReceiveChunkBytes];
        var frame = new FrameBuffer();
        OversizeFrame? oversize = null;
        try
        {
            while (true)
            {
                frame.Reset();
                ValueWebSocketReceiveResult result;
                do
                {
                    using var silence = new HubTimeoutScope(_options.HeartbeatTimeout, _time, session.Token);
                    try
                    {
                        result = await session.Socket.ReceiveAsync(chunk.AsMemory(), silence.Token);
                    }
                    catch (OperationCanceledException) when (silence.TimedOut && !session.Token.IsCancellationRequested)
                    {
                        Log.ServerSilent(_logger, _options.HeartbeatTimeout.TotalSeconds);
                        session.End($"no packet from the server for {_options.HeartbeatTimeout.TotalSeconds:0.###} s");
                        return;
                    }

                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        session.End("the server closed the WebSocket");
                        return;
                    }

                    var received = chunk.AsMemory(0, result.Count);
                    if (oversize is null && frame.Length + received.Length > _options.MaxFrameBytes)
                    {
                        // Refused by size: what was read so far and the rest go to a file (or nowhere), never to memory.
                        oversize = OversizeFrame.Start(_options.RejectedFrameFolder, _time.GetUtcNow(), frame.Written.Span);
                        frame.ShrinkAfterLargeFrame();
                    }

                    if (oversize is not null)
                    {
                        await oversize.WriteAsync(received, session.Token);
                    }
                    else
                    {
                        frame.Write(received.Span);
                    }
                }
                while (!result.EndOfMessage);

                if (oversize is not null)
                {
                    await oversize.DisposeAsync();
                    var refused = oversize;
                    oversize = null;
                    await RejectOversizeAsync(session, refused);
                    continue;
                }

                // Binary frames are read like text ones: socket.io 0.9 sends none, so whatever comes is kept, not dropped.
                if (!await HandleFrameAsync(session, frame.Written))
                {
                    return;
                }

                frame.ShrinkAfterLargeFrame();
            }
        }
        finally
        {
            if (oversize is not null)
            {
                await oversize.DisposeAsync();
            }
        }
    }

    private async Task<bool> HandleFrameAsync(HubSession session, ReadOnlyMemory<byte> bytes)
    {
        if (!System.Text.Unicode.Utf8.IsValid(bytes.Span))
        {
            var text = HubFrameInspector.DecodeLeniently(bytes.Span, out _);
            var inspection = EventDataOffset(bytes.Span) is { } offset ? HubFrameInspector.InspectEvent(Encoding.UTF8.GetBytes(text[offset..])) : default;
            await RejectAsync(session, new FtrackRejectedFrame("the frame is not valid UTF-8", inspection.EventId, inspection.Topic, bytes.Length, text, null), isEvent: true);
            return true;
        }

        if (EventDataOffset(bytes.Span) is { } dataOffset)
        {
            await HandleEventPacketAsync(session, bytes, dataOffset);
            return true;
        }

        var frame = Encoding.UTF8.GetString(bytes.Span);
        if (!SocketIoPacket.TryParse(frame, out var packet, out var error))
        {
            await RejectAsync(session, new FtrackRejectedFrame(error ?? "not a socket.io packet", null, null, bytes.Length, frame, null), isEvent: false);
            return true;
        }

        switch (packet!.Type)
        {
            case SocketIoPacketType.Disconnect:
                session.End("the server sent a disconnect packet");
                return false;
            case SocketIoPacketType.Connect:
                if (!session.ConnectStarted)
                {
                    session.ConnectStarted = true;
                    _ = AnnounceAllAsync(session);
                }

                return true;
            case SocketIoPacketType.Heartbeat:
                await session.SendAsync("2::", session.Token);
                return true;
            case SocketIoPacketType.Event:
                // An event packet without data (with data it took the byte path above).
                await RejectAsync(session, new FtrackRejectedFrame("event packet without data", null, null, bytes.Length, frame, null), isEvent: true);
                return true;
            case SocketIoPacketType.Ack:
                if (packet.TryReadAck(out var ackedId, out var arguments, out var ackError))
                {
                    if (_pendingAcks.TryRemove(ackedId, out var pending))
                    {
                        pending.TrySetResult(arguments);
                    }
                }
                else
                {
                    await RejectAsync(session, new FtrackRejectedFrame(ackError ?? "bad ack", null, null, bytes.Length, frame, null), isEvent: false);
                }

                return true;
            case SocketIoPacketType.Error:
                Log.ServerError(_logger, Truncate(packet.Data ?? "", 200));
                return true;
            default:
                Log.IgnoredPacket(_logger, packet.Type);
                return true;
        }
    }

    /// <summary>
    /// Where the JSON of an event packet <c>5:[id[+]]:[endpoint]:data</c> starts; null when the frame is not one with
    /// data (those go through the text parser, which says what is wrong).
    /// </summary>
    internal static int? EventDataOffset(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 2 || frame[0] != (byte)'5' || frame[1] != (byte)':')
        {
            return null;
        }

        var index = 2;
        while (index < frame.Length && frame[index] is >= (byte)'0' and <= (byte)'9')
        {
            index++;
        }

        if (index < frame.Length && frame[index] == (byte)'+' && index > 2)
        {
            index++;
        }

        if (index >= frame.Length || frame[index] != (byte)':')
        {
            return null;
        }

        var endpointEnd = frame[(index + 1)..].IndexOf((byte)':');
        if (endpointEnd < 0)
        {
            return null;
        }

        var dataStart = index + 1 + endpointEnd + 1;
        return dataStart < frame.Length ? dataStart : null;
    }

    private async Task HandleEventPacketAsync(HubSession session, ReadOnlyMemory<byte> frame, int dataOffset)
    {
        var data = frame[dataOffset..];
        var inspection = HubFrameInspector.InspectEvent(data.Span);
        if (inspection.Problem is { } problem)
        {
            await RejectAsync(session, new FtrackRejectedFrame(problem, inspection.EventId, inspection.Topic, frame.Length, Encoding.UTF8.GetString(frame.Span), null), isEvent: true);
            return;
        }

        FtrackEvent ftrackEvent;
        FtrackExpression? target = null;
        string? targetError = null;
        List<Subscriber>? matched = null;
        var toReplySubscriber = false;

        // The document reads the reused frame buffer in place; everything kept is copied out before it is disposed.
        using (var document = JsonDocument.Parse(data))
        {
            var json = document.RootElement.GetProperty("args")[0];
            ftrackEvent = FtrackEvent.FromHub(json);
            if (ftrackEvent.Target.Length > 0 && !FtrackExpression.TryParse(ftrackEvent.Target, out target, out targetError))
            {
                Log.BadTarget(_logger, ftrackEvent.Id, ftrackEvent.Topic, targetError ?? "");
            }
            else
            {
                foreach (var subscriber in Volatile.Read(ref _subscriberSnapshot))
                {
                    if (!subscriber.Subscription.Matches(json) || (target is not null && !target.Matches(subscriber.Metadata)))
                    {
                        continue;
                    }

                    if (subscriber.Handler is null)
                    {
                        toReplySubscriber = true;
                    }
                    else
                    {
                        (matched ??= []).Add(subscriber);
                    }
                }
            }
        }

        if (targetError is not null)
        {
            await QueueRejectedAsync(session, new FtrackRejectedFrame($"invalid target: {targetError}", ftrackEvent.Id, ftrackEvent.Topic, frame.Length, Encoding.UTF8.GetString(frame.Span), null));
            return;
        }

        if (toReplySubscriber && ftrackEvent.InReplyToEvent is { } inReplyTo && _pendingReplies.TryGetValue(inReplyTo, out var pending))
        {
            pending.TrySetResult(ftrackEvent);
        }

        if (matched is not null)
        {
            await _dispatch.Writer.WriteAsync(new Dispatch(ftrackEvent, matched), session.Token);
        }
    }

    private async Task RejectOversizeAsync(HubSession session, OversizeFrame oversize)
    {
        var inspection = HubFrameInspector.InspectEvent(EventDataOffset(oversize.Prefix) is { } offset ? oversize.Prefix[offset..] : []);
        var kept = oversize.Path is { } path ? $"kept whole in {path}" : oversize.Error is { } error ? $"could not be kept ({error})" : "not kept (no FtrackHub:RejectedFrameFolder)";
        var reason = $"frame of {oversize.Size} bytes is over the {_options.MaxFrameBytes}-byte limit (FtrackHub:MaxFrameBytes); {kept}";
        await RejectAsync(session, new FtrackRejectedFrame(reason, inspection.EventId, inspection.Topic, oversize.Size, null, oversize.Path), isEvent: true);
    }

    private async Task RejectAsync(HubSession session, FtrackRejectedFrame rejected, bool isEvent)
    {
        if (isEvent)
        {
            Log.MalformedEvent(_logger, rejected.Reason, rejected.EventId ?? "?", rejected.Topic ?? "?", rejected.Size);
        }
        else
        {
            Log.MalformedPacket(_logger, rejected.Reason, rejected.Size);
        }

        await QueueRejectedAsync(session, rejected);
    }

    private async Task QueueRejectedAsync(HubSession session, FtrackRejectedFrame rejected)
    {
        Interlocked.Increment(ref _rejectedFrames);
        if (Volatile.Read(ref _rejectedHandler) is not null)
        {
            await _dispatch.Writer.WriteAsync(new Dispatch(null, null, rejected), session.Token);
        }
    }

    private async Task KeepRejectedAsync(FtrackRejectedFrame rejected, CancellationToken stoppingToken)
    {
        if (Volatile.Read(ref _rejectedHandler) is not { } handler)
        {
            return;
        }

        try
        {
            await handler(rejected, stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            Log.RejectedHandlerFailed(_logger, rejected.EventId ?? "?", rejected.Topic ?? "?", rejected.Size, ex);
        }
    }

    /// <summary>
    /// The bytes of the frame being read, in one array reused from frame to frame. It grows by doubling; after a frame
    /// over 1 MiB it goes back to its small size, so an idle service does not hold its largest frame.
    /// </summary>
    private sealed class FrameBuffer
    {
        private const int SmallSize = 64 * 1024;
        private byte[] _buffer = new byte[SmallSize];

        public int Length { get; private set; }

        public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, Length);

        public void Reset() => Length = 0;

        public void Write(ReadOnlySpan<byte> bytes)
        {
            if (Length + bytes.Length > _buffer.Length)
            {
                var grown = GC.AllocateUninitializedArray<byte>((int)Math.Min(Array.MaxLength, Math.Max((long)_buffer.Length * 2, (long)Length + bytes.Length)));
                _buffer.AsSpan(0, Length).CopyTo(grown);
                _buffer = grown;
            }

            bytes.CopyTo(_buffer.AsSpan(Length));
            Length += bytes.Length;
        }

        public void ShrinkAfterLargeFrame()
        {
            if (_buffer.Length > 1024 * 1024)
            {
                _buffer = new byte[SmallSize];
            }

            Length = 0;
        }
    }

    /// <summary>A frame over the limit: its first bytes kept for the id and topic, the whole of it streamed to a file when a folder is set.</summary>
    private sealed class OversizeFrame : IAsyncDisposable
    {
        private readonly byte[] _prefix = new byte[RecoveryPrefixBytes];
        private int _prefixLength;
        private FileStream? _file;

        private OversizeFrame(string? folder, DateTimeOffset now)
        {
            if (folder is null)
            {
                return;
            }

            try
            {
                Directory.CreateDirectory(folder);
                var path = System.IO.Path.Combine(folder, $"frame-{now.UtcDateTime:yyyyMMddTHHmmssfff}-{Guid.NewGuid():N}.txt");
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                _file = new FileStream(path, options);
                Path = path;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Error = ex.Message;
            }
        }

        public string? Path { get; private set; }

        public string? Error { get; private set; }

        public long Size { get; private set; }

        public ReadOnlySpan<byte> Prefix => _prefix.AsSpan(0, _prefixLength);

        public static OversizeFrame Start(string? folder, DateTimeOffset now, ReadOnlySpan<byte> readSoFar)
        {
            var frame = new OversizeFrame(folder, now);
            frame.KeepPrefix(readSoFar);
            frame.Size = readSoFar.Length;
            frame._file?.Write(readSoFar);
            return frame;
        }

        public async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
        {
            KeepPrefix(bytes.Span);
            Size += bytes.Length;
            if (_file is null)
            {
                return;
            }

            try
            {
                await _file.WriteAsync(bytes, cancellationToken);
            }
            catch (IOException ex)
            {
                Error = ex.Message;
                Path = null;
                await _file.DisposeAsync();
                _file = null;
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_file is not null)
            {
                await _file.DisposeAsync();
                _file = null;
            }
        }

        private void KeepPrefix(ReadOnlySpan<byte> bytes)
        {
            var take = Math.Min(bytes.Length, _prefix.Length - _prefixLength);
            bytes[..take].CopyTo(_prefix.AsSpan(_prefixLength));
            _prefixLength += take;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9118, Level = LogLevel.Error, Message = "Keeping the refused ftrack hub frame of event {EventId} ({Topic}, {Size} bytes) failed")]
        public static partial void RejectedHandlerFailed(ILogger logger, string eventId, string topic, long size, Exception exception);
    }
}
