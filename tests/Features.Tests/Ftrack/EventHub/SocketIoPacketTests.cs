using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack.EventHub;

namespace AyonFtrack.Features.Tests.Ftrack.EventHub;

public sealed class SocketIoPacketTests
{
    [Theory]
    [InlineData("0::", SocketIoPacketType.Disconnect, null, false, null)]
    [InlineData("1::", SocketIoPacketType.Connect, null, false, null)]
    [InlineData("2::", SocketIoPacketType.Heartbeat, null, false, null)]
    [InlineData("2:::", SocketIoPacketType.Heartbeat, null, false, "")]
    [InlineData("2", SocketIoPacketType.Heartbeat, null, false, null)]
    [InlineData("5:::{\"name\":\"x\"}", SocketIoPacketType.Event, null, false, "{\"name\":\"x\"}")]
    [InlineData("5:7+::{\"a\":\"b:c\"}", SocketIoPacketType.Event, 7L, true, "{\"a\":\"b:c\"}")]
    [InlineData("6:::17+[{\"success\":true}]", SocketIoPacketType.Ack, null, false, "17+[{\"success\":true}]")]
    [InlineData("7:::bad thing", SocketIoPacketType.Error, null, false, "bad thing")]
    [InlineData("8::", SocketIoPacketType.Noop, null, false, null)]
    public void TryParse_ValidFrame_ReadsParts(string frame, SocketIoPacketType type, long? id, bool ackWithData, string? data)
    {
        SocketIoPacket.TryParse(frame, out var packet, out var error).ShouldBeTrue();

        error.ShouldBeNull();
        packet.ShouldNotBeNull().ShouldSatisfyAllConditions(
            p => p.Type.ShouldBe(type),
            p => p.Id.ShouldBe(id),
            p => p.AckWithData.ShouldBe(ackWithData),
            p => p.Data.ShouldBe(data));
    }

    [Theory]
    [InlineData("")]
    [InlineData("x::")]
    [InlineData("9::")]
    [InlineData("55::")]
    [InlineData("5:")]
    [InlineData("5:abc::{}")]
    [InlineData("hello world")]
    public void TryParse_Garbage_ReturnsFalse(string frame)
    {
        SocketIoPacket.TryParse(frame, out var packet, out var error).ShouldBeFalse();

        packet.ShouldBeNull();
        error.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public void ForEvent_WithId_SerializesPythonShape()
    {
        var frame = SocketIoPacket.ForEvent(new JsonObject { ["topic"] = "t", ["data"] = new JsonObject { ["name"] = "é" } }, 3).Serialize();

        frame.ShouldBe("5:3+::{\"name\":\"ftrack.event\",\"args\":[{\"topic\":\"t\",\"data\":{\"name\":\"é\"}}]}");
        SocketIoPacket.TryParse(frame, out var packet, out _).ShouldBeTrue();
        packet!.TryReadEvent(out var ftrackEvent, out _).ShouldBeTrue();
        ftrackEvent.GetProperty("topic").GetString().ShouldBe("t");
    }

    [Fact]
    public void ForAck_Result_SerializesWithData()
    {
        SocketIoPacket.ForAck(17, new JsonObject { ["success"] = true }).Serialize().ShouldBe("6:::17+[{\"success\":true}]");
    }

    [Theory]
    [InlineData("5:::{not json", "not valid JSON")]
    [InlineData("5:::[1]", "not a JSON object")]
    [InlineData("5:::{\"name\":\"other\",\"args\":[{}]}", "not ftrack.event")]
    [InlineData("5:::{\"name\":\"ftrack.event\",\"args\":[]}", "exactly one object")]
    [InlineData("5:::{\"name\":\"ftrack.event\",\"args\":[{},{}]}", "exactly one object")]
    [InlineData("5:::{\"name\":\"ftrack.event\",\"args\":[\"text\"]}", "exactly one object")]
    [InlineData("5::", "without data")]
    public void TryReadEvent_MalformedPayload_ReturnsFalseWithReason(string frame, string reason)
    {
        SocketIoPacket.TryParse(frame, out var packet, out _).ShouldBeTrue();

        packet!.TryReadEvent(out _, out var error).ShouldBeFalse();
        error.ShouldNotBeNull().ShouldContain(reason);
    }

    [Theory]
    [InlineData("6:::17+[{\"success\":true}]", 17L, true)]
    [InlineData("6:::4", 4L, false)]
    public void TryReadAck_ValidAck_ReadsIdAndArguments(string frame, long id, bool hasArguments)
    {
        SocketIoPacket.TryParse(frame, out var packet, out _).ShouldBeTrue();

        packet!.TryReadAck(out var ackedId, out var arguments, out var error).ShouldBeTrue();
        error.ShouldBeNull();
        ackedId.ShouldBe(id);
        (arguments.ValueKind == System.Text.Json.JsonValueKind.Array).ShouldBe(hasArguments);
    }

    [Theory]
    [InlineData("6:::abc")]
    [InlineData("6:::3+{oops")]
    [InlineData("6:::3+{}")]
    [InlineData("6::")]
    public void TryReadAck_MalformedAck_ReturnsFalse(string frame)
    {
        SocketIoPacket.TryParse(frame, out var packet, out _).ShouldBeTrue();

        packet!.TryReadAck(out _, out _, out var error).ShouldBeFalse();
        error.ShouldNotBeNullOrEmpty();
    }
}
