using AyonFtrack.Features.Automations;
using static AyonFtrack.Features.Tests.Automations.AutomationStates;

namespace AyonFtrack.Features.Tests.Automations;

public sealed class StatusChangeTests
{
    [Fact]
    public void Of_StatusChanges_ReadsProjectParentAndStatusesAndSkipsItemsWithoutProject()
    {
        var orphan = Item("task", "Task", "t2", "sh1", InProgress.Id, Approved.Id);
        orphan["parents"] = new System.Text.Json.Nodes.JsonArray();

        var changes = StatusChange.Of(Update(Item("task", "Task", "t1", "sh1", InProgress.Id, Approved.Id), orphan));

        changes.ShouldBe([new StatusChange(Project, "t1", "task", "Task", "sh1", InProgress.Id, Approved.Id)]);
    }
}
