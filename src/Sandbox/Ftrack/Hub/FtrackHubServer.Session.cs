using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using AyonFtrack.Features.Ftrack.EventHub;
using AyonFtrack.Features.Ftrack.EventHub.Expressions;

namespace AyonFtrack.Sandbox.Ftrack.Hub;

/// <summary>
/// The hub emulator's sessions: the parties it routes to (one per WebSocket connection, with its ordered outbox, writer,
/// drop and abort; and the fake web client, whose inbox tests read) and the subscribers each holds.
/// </summary>
public sealed partial class FtrackHubServer
{
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
}
