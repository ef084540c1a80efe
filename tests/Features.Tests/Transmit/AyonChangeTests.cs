using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Transmit;

namespace AyonFtrack.Features.Tests.Transmit;

public sealed class AyonChangeTests
{
    [Fact]
    public void From_StatusChangeWithSharedSummary_ReadsPayloadNotSummaryValue()
    {
        var e = AyonEvents.Entity("entity.task.status_changed", "t1", "In progress", "Approved",
            new JsonObject { ["entityId"] = "t1", ["parentId"] = "f1", ["value"] = false });

        var change = AyonChange.From(e)!;

        change.ShouldSatisfyAllConditions(
            () => change.EntityType.ShouldBe("task"),
            () => change.Change.ShouldBe("status_changed"),
            () => change.EntityId.ShouldBe("t1"),
            () => change.NewValue!.GetValue<string>().ShouldBe("Approved"),
            () => change.OldValue!.GetValue<string>().ShouldBe("In progress"));
    }

    [Fact]
    public void From_ProjectEventWithoutSummary_UsesProjectNameAsId()
    {
        var e = new AyonEvent { Id = "x", Topic = "entity.project.changed", Project = "demo", Status = "finished", Summary = [] };

        AyonChange.From(e)!.EntityId.ShouldBe("demo");
    }

    [Fact]
    public void From_DeletedWithEntityDataOnly_ReadsIdFromEntityData()
    {
        var e = AyonEvents.Entity("entity.folder.deleted", summary: [], payload: new JsonObject { ["entityData"] = new JsonObject { ["id"] = "f9" } });

        var change = AyonChange.From(e)!;

        change.EntityId.ShouldBe("f9");
        change.EntityData!["id"]!.GetValue<string>().ShouldBe("f9");
    }

    [Theory]
    [InlineData("entity_list.created")]
    [InlineData("reviewable.created")]
    [InlineData("entity.folder")]
    public void From_NotAnEntityTopic_ReturnsNull(string topic) =>
        AyonChange.From(AyonEvents.Entity(topic)).ShouldBeNull();
}
