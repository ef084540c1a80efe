using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack.EventHub.Expressions;

namespace AyonFtrack.Features.Ftrack.EventHub;

/// <summary>
/// The publishing half of the hub: events (with their <c>source</c> filled in), replies, the wait for a reply, the
/// liveness round trip, and the acknowledged send every publish and meta event goes through. A refused or
/// unacknowledged event is an <see cref="FtrackEventHubException"/> naming it.
/// </summary>
public sealed partial class FtrackEventHub
{
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

    private async Task PublishPreparedAsync(JsonObject json, CancellationToken cancellationToken)
    {
        var session = await WaitForSessionAsync(cancellationToken);
        var arguments = await SendWithAckAsync(session, json, cancellationToken);
        if (!AckSucceeded(arguments, out var message))
        {
            throw new FtrackEventHubException($"The ftrack event hub refused event {json["id"]} ({json["topic"]}): {message}");
        }
    }

    private async Task<HubSession> WaitForSessionAsync(CancellationToken cancellationToken)
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

    private async Task<JsonElement> SendWithAckAsync(HubSession session, JsonObject json, CancellationToken cancellationToken)
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
}
