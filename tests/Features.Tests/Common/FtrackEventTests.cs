using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Tests.TestData;

namespace AyonFtrack.Features.Tests.Common;

public sealed class FtrackEventTests
{
    [Fact]
    public void FromAyonPayload_OfToAyonPayload_KeepsEveryPart()
    {
        var original = FtrackEvents.Update("e1", "jane", "task", "shot");

        var restored = FtrackEvent.FromAyonPayload(JsonSerializer.SerializeToElement(original.ToAyonPayload()));

        restored.ShouldSatisfyAllConditions(
            r => r.Id.ShouldBe("e1"),
            r => r.Topic.ShouldBe("ftrack.update"),
            r => r.SourceUsername.ShouldBe("jane"),
            r => r.SourceUserId.ShouldBe("u-1"),
            r => r.SourceId.ShouldBe("client-1"),
            r => r.SourceApplicationId.ShouldBe("ftrack.client.web"),
            r => r.Entities.Count.ShouldBe(2),
            r => r.Data.GetRawText().ShouldBe(original.Data.GetRawText()));
    }

    [Fact]
    public void ToHub_Reply_UsesCamelCaseReplyKey()
    {
        var reply = FtrackEvent.Create("r1", "ftrack.meta.reply", new JsonObject { ["success"] = true }, target: "id=hub-1", inReplyToEvent: "e1");

        var json = reply.ToHub();

        json["inReplyToEvent"]!.GetValue<string>().ShouldBe("e1");
        json["target"]!.GetValue<string>().ShouldBe("id=hub-1");
        json.ContainsKey("in_reply_to_event").ShouldBeFalse();
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("""{"id": 5, "topic": null, "data": [1], "source": "x"}""")]
    public void FromHub_MalformedEvent_GivesEmptyPartsInsteadOfThrowing(string json)
    {
        var e = FtrackEvent.FromHub(JsonDocument.Parse(json).RootElement);

        e.Topic.ShouldBe("");
        e.Entities.ShouldBeEmpty();
        e.SourceUsername.ShouldBeNull();
    }
}
