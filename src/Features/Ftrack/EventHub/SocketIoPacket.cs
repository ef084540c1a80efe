using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AyonFtrack.Features.Ftrack.EventHub;

/// <summary>The socket.io 0.9 packet kinds the ftrack hub uses (ftrack-protocol.md §3.2).</summary>
public enum SocketIoPacketType
{
    Disconnect = 0,
    Connect = 1,
    Heartbeat = 2,
    Message = 3,
    Json = 4,
    Event = 5,
    Ack = 6,
    Error = 7,
    Noop = 8,
}

/// <summary>
/// One socket.io 0.9 text frame: <c>type ":" [id ["+"]] ":" [endpoint] [":" data]</c>. Parsing is
/// defensive: anything that is not a packet is reported as such, never thrown.
/// </summary>
public sealed record SocketIoPacket(SocketIoPacketType Type, long? Id, bool AckWithData, string Endpoint, string? Data)
{
    /// <summary>The name socket.io events carry on the ftrack hub.</summary>
    public const string FtrackEventName = "ftrack.event";

    /// <summary>Parses a frame; false with a short reason (no payload) when it is not a socket.io packet.</summary>
    public static bool TryParse(string frame, out SocketIoPacket? packet, out string? error)
    {
        ArgumentNullException.ThrowIfNull(frame);
        packet = null;
        var parts = frame.Split(':', 4);
        if (parts.Length is not (1 or 3 or 4))
        {
            error = $"{parts.Length} colon-separated fields";
            return false;
        }

        if (parts[0].Length != 1 || parts[0][0] is < '0' or > '8')
        {
            error = "unknown packet type";
            return false;
        }

        var type = (SocketIoPacketType)(parts[0][0] - '0');
        long? id = null;
        var ackWithData = false;
        if (parts.Length > 1 && parts[1].Length > 0)
        {
            var idText = parts[1];
            if (idText.EndsWith('+'))
            {
                ackWithData = true;
                idText = idText[..^1];
            }

            if (!long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                error = "packet id is not a number";
                return false;
            }

            id = parsed;
        }

        packet = new SocketIoPacket(type, id, ackWithData, parts.Length > 2 ? parts[2] : "", parts.Length > 3 ? parts[3] : null);
        error = null;
        return true;
    }

    /// <summary>The frame text.</summary>
    public string Serialize()
    {
        var id = Id is { } value ? value.ToString(CultureInfo.InvariantCulture) + (AckWithData ? "+" : "") : "";
        var head = $"{(int)Type}:{id}:{Endpoint}";
        return Data is null ? head : $"{head}:{Data}";
    }

    /// <inheritdoc />
    public override string ToString() => $"socket.io {Type} packet{(Id is { } id ? $" #{id}" : "")}";

    /// <summary>An event packet carrying one ftrack event: <c>5:[id+]::{"name":"ftrack.event","args":[event]}</c>.</summary>
    public static SocketIoPacket ForEvent(JsonObject ftrackEvent, long? id)
    {
        var payload = new JsonObject { ["name"] = FtrackEventName, ["args"] = new JsonArray(ftrackEvent) };
        return new SocketIoPacket(SocketIoPacketType.Event, id, id is not null, "", payload.ToJsonString(HubJson.Options));
    }

    /// <summary>An ack answering packet <paramref name="id"/> with one argument: <c>6:::id+[arg]</c>.</summary>
    public static SocketIoPacket ForAck(long id, JsonNode argument) =>
        new(SocketIoPacketType.Ack, null, false, "", $"{id.ToString(CultureInfo.InvariantCulture)}+{new JsonArray(argument).ToJsonString(HubJson.Options)}");

    /// <summary>Reads the one ftrack event of an event packet; false with a reason when the data is not one.</summary>
    public bool TryReadEvent(out JsonElement ftrackEvent, out string? error)
    {
        ftrackEvent = default;
        if (Type != SocketIoPacketType.Event || string.IsNullOrEmpty(Data))
        {
            error = "event packet without data";
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(Data);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "event payload is not a JSON object";
                return false;
            }

            if (!root.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || name.GetString() != FtrackEventName)
            {
                error = "event name is not ftrack.event";
                return false;
            }

            if (!root.TryGetProperty("args", out var args) || args.ValueKind != JsonValueKind.Array || args.GetArrayLength() != 1 || args[0].ValueKind != JsonValueKind.Object)
            {
                error = "event args are not exactly one object";
                return false;
            }

            ftrackEvent = args[0].Clone();
            error = null;
            return true;
        }
        catch (JsonException ex)
        {
            error = $"event payload is not valid JSON ({ex.GetType().Name} at byte {ex.BytePositionInLine})";
            return false;
        }
    }

    /// <summary>Reads an ack packet's data <c>n[+[args]]</c>; false with a reason when it is malformed.</summary>
    public bool TryReadAck(out long ackedId, out JsonElement arguments, out string? error)
    {
        ackedId = 0;
        arguments = default;
        var data = Data ?? "";
        var plus = data.IndexOf('+', StringComparison.Ordinal);
        var idText = plus < 0 ? data : data[..plus];
        if (!long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out ackedId))
        {
            error = "ack without a numeric packet id";
            return false;
        }

        if (plus < 0)
        {
            error = null;
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(data.AsMemory(plus + 1));
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                error = "ack arguments are not a JSON array";
                return false;
            }

            arguments = document.RootElement.Clone();
            error = null;
            return true;
        }
        catch (JsonException)
        {
            error = "ack arguments are not valid JSON";
            return false;
        }
    }
}

/// <summary>JSON settings for the hub wire: non-ASCII characters are written unescaped, as the Python client does.</summary>
public static class HubJson
{
    /// <summary>Serializer options for hub payloads.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.General)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
