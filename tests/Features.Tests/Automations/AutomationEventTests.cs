using AyonFtrack.Features.Automations;
using static AyonFtrack.Features.Tests.Automations.AutomationStates;

namespace AyonFtrack.Features.Tests.Automations;

public sealed class AutomationEventTests
{
    [Fact]
    public void From_SlicesOfOneEvent_ShareOneAutomationEvent_ARedeliveryGetsANewOne()
    {
        var item = Item("task", "Task", "t1", "sh1", InProgress.Id, Approved.Id);
        var e = Update(item);
        var redelivered = Update((System.Text.Json.Nodes.JsonObject)item.DeepClone());

        var parent = TaskStatusToParent.From(e)!.Event;
        var next = NextTaskUpdate.From(e)!.Event;
        var versions = TaskToVersionStatus.From(e)!.Event;

        parent.ShouldNotBeNull();
        next.ShouldBeSameAs(parent);
        versions.ShouldBeSameAs(parent);
        TaskStatusToParent.From(redelivered)!.Event.ShouldNotBeSameAs(parent);
    }

    [Fact]
    public void Of_StatusChanges_ReadsProjectParentAndStatusesAndSkipsItemsWithoutProject()
    {
        var orphan = Item("task", "Task", "t2", "sh1", InProgress.Id, Approved.Id);
        orphan["parents"] = new System.Text.Json.Nodes.JsonArray();

        var changes = StatusChange.Of(Update(Item("task", "Task", "t1", "sh1", InProgress.Id, Approved.Id), orphan));

        changes.ShouldBe([new StatusChange(Project, "t1", "task", "Task", "sh1", InProgress.Id, Approved.Id)]);
    }
}
