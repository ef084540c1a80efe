using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack.EventHub;
using AyonFtrack.Features.Ftrack.EventHub.Expressions;

namespace AyonFtrack.Sandbox.Ftrack.Hub;

/// <summary>
/// The hub emulator's routing: <c>ftrack.meta.subscribe</c>/<c>unsubscribe</c> register and drop a connection's
/// subscribers (a duplicate id replaces the earlier one; an invalid expression is refused in the ack), and every other
/// event goes once to each peer with a subscriber whose subscription matches and whose metadata matches the target.
/// </summary>
public sealed partial class FtrackHubServer
{
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
}
