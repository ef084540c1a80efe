using AyonFtrack.Features.Automations;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Server.Settings;
using static AyonFtrack.Features.Tests.Automations.AutomationStates;

namespace AyonFtrack.Features.Tests.Automations;

public sealed class NextTaskUpdateTests
{
    private static readonly NextTaskUpdateSettings Defaults = FtrackSettings.Defaults.ServiceEventHandlers.NextTaskUpdate;

    private static readonly NextTaskUpdate.TaskType[] Types =
        [new(Modeling, "Modeling", 1), new(Texture, "Texture", 2), new(Lighting, "Lighting", 3), new(Compositing, "Compositing", 4), new("type-unsorted", "Misc", null)];

    private static NextTaskUpdate.Change Done(string taskId, string parentId, StatusInfo status) => new(Project, taskId, parentId, status.Id);

    private static IEnumerable<string> Targets(StatusDecision decision) => decision.Writes.Select(w => $"{w.EntityId}={w.StatusName}");

    [Fact]
    public void From_TaskStatusChanged_Routed_ShotOrNewTask_Null()
    {
        NextTaskUpdate.From(Update(Item("task", "Task", "t1", "sh1", InProgress.Id, Approved.Id)))!.Changes.ShouldBe([Done("t1", "sh1", Approved)]);
        NextTaskUpdate.From(Update(Item("task", "Shot", "sh1", "sq1", InProgress.Id, Approved.Id))).ShouldBeNull();
        NextTaskUpdate.From(Update(Item("task", "Task", "t1", "sh1", null, Approved.Id, "add"))).ShouldBeNull();
    }

    [Fact]
    public void Decide_ModelingDone_TexturingReady()
    {
        var tasks = new[] { Task("model", "sh1", Modeling, Approved), Task("tex", "sh1", Texture, NotReady), Task("light", "sh1", Lighting, NotReady) };

        var decision = NextTaskUpdate.Decide(Defaults, Types, tasks, [Done("model", "sh1", Approved)], Catalog());

        Targets(decision).ShouldBe(["tex=Ready"]);
    }

    [Fact]
    public void Decide_NewStatusNotDone_Nothing()
    {
        var tasks = new[] { Task("model", "sh1", Modeling, PendingReview), Task("tex", "sh1", Texture, NotReady) };

        NextTaskUpdate.Decide(Defaults, Types, tasks, [Done("model", "sh1", PendingReview)], Catalog()).Writes.ShouldBeEmpty();
    }

    [Fact]
    public void Decide_TypeSorting_WaitsForTheWholeGroupThenSkipsDoneGroups()
    {
        var notAllDone = new[] { Task("m1", "sh1", Modeling, Approved), Task("m2", "sh1", Modeling, InProgress), Task("tex", "sh1", Texture, NotReady) };
        var allDone = new[]
        {
            Task("m1", "sh1", Modeling, Approved), Task("m2", "sh1", Modeling, Omitted), Task("tex", "sh1", Texture, Approved),
            Task("l1", "sh1", Lighting, NotReady), Task("l2", "sh1", Lighting, NotReady), Task("comp", "sh1", Compositing, NotReady),
        };

        NextTaskUpdate.Decide(Defaults, Types, notAllDone, [Done("m1", "sh1", Approved)], Catalog()).Writes.ShouldBeEmpty();
        Targets(NextTaskUpdate.Decide(Defaults, Types, allDone, [Done("m1", "sh1", Approved)], Catalog())).ShouldBe(["l1=Ready", "l2=Ready"]);
    }

    [Fact]
    public void Decide_NameSorting_FirstNonIgnoredTaskAfterTheChangedOne()
    {
        var settings = Defaults with { NameSorting = true };
        var tasks = new[]
        {
            Task("model_b", "sh1", Modeling, NotReady), Task("model_a", "sh1", Modeling, Approved),
            Task("tex_a", "sh1", Texture, Omitted), Task("tex_b", "sh1", Texture, NotReady),
        };

        Targets(NextTaskUpdate.Decide(settings, Types, tasks, [Done("model_a", "sh1", Approved)], Catalog())).ShouldBe(["model_b=Ready"]);
        Targets(NextTaskUpdate.Decide(settings, Types, tasks, [Done("model_b", "sh1", Approved)], Catalog())).ShouldBe(["tex_b=Ready"]);
    }

    [Fact]
    public void Decide_TwoParents_EveryParentsTargetsApplied()
    {
        // The original applies only the last parent's targets (§7); both shots move on here.
        var tasks = new[]
        {
            Task("m1", "sh1", Modeling, Approved), Task("t1", "sh1", Texture, NotReady),
            Task("m2", "sh2", Modeling, Approved), Task("t2", "sh2", Texture, NotReady),
        };

        var decision = NextTaskUpdate.Decide(Defaults, Types, tasks, [Done("m1", "sh1", Approved), Done("m2", "sh2", Approved)], Catalog());

        Targets(decision).ShouldBe(["t1=Ready", "t2=Ready"]);
    }

    [Fact]
    public void Decide_TargetWithoutMappingOrUnavailableStatus_LeftAlone()
    {
        var settings = Defaults with { Mapping = [new NextTaskStatusMapping { Name = "Not Ready", Value = "Ready" }, new NextTaskStatusMapping { Name = "On Hold", Value = "Completed" }] };
        var noMapping = new[] { Task("m", "sh1", Modeling, Approved), Task("tex", "sh1", Texture, PendingReview) };
        var unavailable = new[] { Task("m", "sh1", Modeling, Approved), Task("tex", "sh1", Texture, OnHold) };

        NextTaskUpdate.Decide(settings, Types, noMapping, [Done("m", "sh1", Approved)], Catalog()).Writes.ShouldBeEmpty();
        var decision = NextTaskUpdate.Decide(settings, Types, unavailable, [Done("m", "sh1", Approved)], Catalog());
        decision.Writes.ShouldBeEmpty();
        decision.Notes.Single().ShouldContain("\"completed\" is not available");
    }

    [Fact]
    public void Decide_TasksOfUnsortedTypes_TakeNoPart()
    {
        var tasks = new[] { Task("m", "sh1", Modeling, Approved), Task("misc", "sh1", "type-unsorted", NotReady) };

        NextTaskUpdate.Decide(Defaults, Types, tasks, [Done("m", "sh1", Approved)], Catalog()).Writes.ShouldBeEmpty();
    }
}
