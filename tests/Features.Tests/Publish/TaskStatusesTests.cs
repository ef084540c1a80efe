using AyonFtrack.Features.Publish;
using AyonFtrack.Server.Settings;

namespace AyonFtrack.Features.Tests.Publish;

public sealed class TaskStatusesTests
{
    private static readonly PublishSettings Settings = new()
    {
        IntegrateFtrackFarmStatus = new() { FarmStatusProfiles = [new TaskStatusProfile { ProductBaseTypes = ["render"], StatusName = "Render" }] },
        FtrackTaskStatusLocalPublish = new() { StatusProfiles = [new TaskStatusProfile { TaskTypes = ["Compositing"], StatusName = "Pending Review" }] },
    };

    private static readonly PublishInstance Render = new() { Label = "r", ProductBaseType = "render", TaskType = "Compositing", Farm = true };

    [Fact]
    public void Decide_FarmInstance_FarmProfileStatus() => TaskStatuses.Decide(TaskStatuses.Kind.Farm, "nuke", Render, "t1", Settings).StatusName.ShouldBe("Render");

    [Fact]
    public void Decide_FarmInstanceLocalKind_NoStatus() => TaskStatuses.Decide(TaskStatuses.Kind.Local, "nuke", Render, "t1", Settings).StatusName.ShouldBeNull();

    [Fact]
    public void Decide_LocalInstance_LocalProfileStatus() =>
        TaskStatuses.Decide(TaskStatuses.Kind.Local, "nuke", Render with { Farm = false }, "t1", Settings).StatusName.ShouldBe("Pending Review");

    [Fact]
    public void Decide_WithoutTask_NoStatus() => TaskStatuses.Decide(TaskStatuses.Kind.Farm, "nuke", Render, null, Settings).StatusName.ShouldBeNull();

    [Fact]
    public void ForTask_NameIsCaseInsensitivePerType()
    {
        var statuses = new TaskStatuses.ProjectStatuses(new Dictionary<string, IReadOnlyList<TaskStatuses.Status>> { ["comp"] = [new("s1", "Pending Review")] }, []);
        statuses.ShouldSatisfyAllConditions(
            () => statuses.ForTask("comp", "pending review")!.Id.ShouldBe("s1"),
            () => statuses.ForTask("anim", "Pending Review").ShouldBeNull());
    }
}
