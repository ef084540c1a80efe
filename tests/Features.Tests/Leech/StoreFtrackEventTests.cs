using System.Text.Json;
using AyonFtrack.Features.Leech;
using AyonFtrack.Features.Tests.Fakes;
using AyonFtrack.Features.Tests.TestData;
using Microsoft.Extensions.Logging.Abstractions;

namespace AyonFtrack.Features.Tests.Leech;

public sealed class StoreFtrackEventTests
{
    [Theory]
    [InlineData("ftrack.meta.connected")]
    [InlineData("ftrack.meta.disconnected")]
    public void From_MetaTopic_ReturnsNull(string topic) =>
        StoreFtrackEvent.From(FtrackEvents.Hub("{\"id\": \"m1\", \"topic\": \"" + topic + "\", \"data\": {}}")).ShouldBeNull();

    [Fact]
    public void From_OnlySocialAndTeamEntities_ReturnsNull() =>
        StoreFtrackEvent.From(FtrackEvents.Update("e1", "jane", "socialfeed", "team", "socialnotification")).ShouldBeNull();

    [Fact]
    public void From_SocialAndTaskEntities_IsStored() =>
        StoreFtrackEvent.From(FtrackEvents.Update("e2", "jane", "socialfeed", "task")).ShouldNotBeNull().EventId.ShouldBe("e2");

    [Fact]
    public void From_NoEntities_IsStored() =>
        StoreFtrackEvent.From(FtrackEvents.Hub("""{"id": "c1", "topic": "my.custom.topic", "data": {"x": 1}}"""))
            .ShouldNotBeNull().Topic.ShouldBe("my.custom.topic");

    [Fact]
    public void From_UpdateByUser_DescribesTopicAndUser() =>
        StoreFtrackEvent.From(FtrackEvents.Update("e3", "jane", "task")).ShouldNotBeNull().Description.ShouldBe("Leeched ftrack.update by jane");

    [Fact]
    public void From_NoSourceUser_DescribesTopicOnly() =>
        StoreFtrackEvent.From(FtrackEvents.Hub("""{"id": "e4", "topic": "ftrack.action.discover", "data": {}}"""))
            .ShouldNotBeNull().Description.ShouldBe("Leeched ftrack.action.discover");

    [Theory]
    [InlineData("""{"topic": "ftrack.update", "data": {}}""", "the ftrack event has no id, so it cannot be stored idempotently")]
    [InlineData("""{"id": "x1", "data": {}}""", "the ftrack event has no topic")]
    public void Validator_EventWithoutIdOrTopic_IsRejectedWithTheReason(string json, string reason)
    {
        var command = StoreFtrackEvent.From(FtrackEvents.Hub(json)).ShouldNotBeNull();

        var result = new StoreFtrackEvent.Validator().Validate(command);

        result.IsValid.ShouldBeFalse();
        result.Errors.Select(e => e.ErrorMessage).ShouldContain(reason);
    }

    [Fact]
    public async Task Handler_Event_SpoolsItUnderItsIdInThePythonLeechersPayloadShape()
    {
        var spool = new FakeLeechSpool();
        var e = FtrackEvents.Hub("""
            {"id": "e5", "topic": "ftrack.update", "target": "", "sent": null, "inReplyToEvent": "r0",
             "source": {"id": "s", "user": {"username": "jane", "id": "u"}}, "data": {"entities": [{"entityType": "task"}]}}
            """);
        var command = StoreFtrackEvent.From(e).ShouldNotBeNull();

        await new StoreFtrackEvent.Handler(spool, NullLogger<StoreFtrackEvent.Handler>.Instance).Handle(command, CancellationToken.None);

        var stored = spool.Events.ShouldHaveSingleItem();
        stored.Hash.ShouldBe("e5");
        stored.Description.ShouldBe("Leeched ftrack.update by jane");
        using var payload = JsonDocument.Parse(stored.PayloadJson);
        payload.RootElement.EnumerateObject().Select(p => p.Name).ShouldBe(["id", "topic", "data", "source", "target", "sent", "in_reply_to_event"]);
        payload.RootElement.GetProperty("in_reply_to_event").GetString().ShouldBe("r0");
        payload.RootElement.GetProperty("data").GetProperty("entities")[0].GetProperty("entityType").GetString().ShouldBe("task");
    }
}
