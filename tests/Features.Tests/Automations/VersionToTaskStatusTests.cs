using AyonFtrack.Features.Automations;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Server.Settings;
using static AyonFtrack.Features.Tests.Automations.AutomationStates;

namespace AyonFtrack.Features.Tests.Automations;

public sealed class VersionToTaskStatusTests
{
    private static readonly StatusMappingSettings Defaults = FtrackSettings.Defaults.ServiceEventHandlers.StatusVersionToTask;

    private static VersionToTaskStatus.VersionRow Version(string id, StatusInfo status, ContextRow task, string assetType = "render") => new(id, status.Id, assetType, task);

    [Fact]
    public void From_VersionStatusChanged_OneChange()
    {
        var command = VersionToTaskStatus.From(Update(Item("assetversion", "AssetVersion", "v1", "a1", Approved.Id, PendingReview.Id), Item("task", "Task", "t1", "sh1", Ready.Id, InProgress.Id)));

        command.ShouldNotBeNull();
        command.Changes.ShouldBe([new VersionToTaskStatus.Change(Project, "v1", PendingReview.Id)]);
    }

    [Fact]
    public void From_NewVersionWithStatus_Routed_ClearedStatus_Null()
    {
        VersionToTaskStatus.From(Update(Item("assetversion", "AssetVersion", "v1", "a1", null, PendingReview.Id, "add"))).ShouldNotBeNull();
        VersionToTaskStatus.From(Update(Item("assetversion", "AssetVersion", "v1", "a1", PendingReview.Id, null))).ShouldBeNull();
    }

    [Fact]
    public void Decide_NoMapping_TaskTakesTheVersionStatusName()
    {
        var decision = VersionToTaskStatus.Decide(Defaults, [Version("v1", PendingReview, Task("t1", "sh1", Modeling, InProgress))], Catalog());

        decision.Writes.ShouldBe([new StatusWrite("Task", "t1", "sh1/t1", PendingReview.Id, "Pending Review")]);
    }

    [Fact]
    public void Decide_MappedNamesFirst_UnavailableOnesSkipped()
    {
        var settings = Defaults with { Mapping = [new NameValues { Name = "pending review", Value = ["Completed", "On Hold"] }] };

        // Completed is not in the task workflow; On Hold is.
        var decision = VersionToTaskStatus.Decide(settings, [Version("v1", PendingReview, Task("t1", "sh1", Modeling, InProgress))], Catalog());

        decision.Writes.Single().StatusName.ShouldBe("On Hold");
    }

    [Fact]
    public void Decide_TaskTypeWithOverrideWorkflow_UsesTheOverride()
    {
        var settings = Defaults with { Mapping = [new NameValues { Name = "Approved", Value = ["Final"] }] };

        var comp = VersionToTaskStatus.Decide(settings, [Version("v1", Approved, Task("t1", "sh1", Compositing, InProgress))], Catalog());
        var model = VersionToTaskStatus.Decide(settings, [Version("v2", Approved, Task("t2", "sh1", Modeling, InProgress))], Catalog());

        comp.Writes.Single().StatusName.ShouldBe("Final");
        model.Writes.Single().StatusName.ShouldBe("Approved");
    }

    [Fact]
    public void Decide_NoCandidateAvailable_NotedNoWrite()
    {
        // Compositing's override workflow has no Pending Review.
        var decision = VersionToTaskStatus.Decide(Defaults, [Version("v1", PendingReview, Task("t1", "sh1", Compositing, InProgress))], Catalog());

        decision.Writes.ShouldBeEmpty();
        decision.Notes.Single().ShouldContain("\"pending review\"");
    }

    [Fact]
    public void Decide_TaskAlreadyHasTheStatus_NoWrite()
    {
        VersionToTaskStatus.Decide(Defaults, [Version("v1", PendingReview, Task("t1", "sh1", Modeling, PendingReview))], Catalog()).Writes.ShouldBeEmpty();
    }

    [Fact]
    public void Decide_AssetTypeFilters_DenyListSkipsListedAllowListKeepsOnlyListed()
    {
        var task = Task("t1", "sh1", Modeling, InProgress);
        var deny = Defaults with { AssetTypes = ["Render"] };
        var allow = Defaults with { AssetTypesFilterType = SettingsValues.AllowList, AssetTypes = ["geo"] };

        VersionToTaskStatus.Decide(deny, [Version("v1", Approved, task, "render")], Catalog()).Writes.ShouldBeEmpty();
        VersionToTaskStatus.Decide(deny, [Version("v1", Approved, task, "geo")], Catalog()).Writes.ShouldHaveSingleItem();
        VersionToTaskStatus.Decide(allow, [Version("v1", Approved, task, "render")], Catalog()).Writes.ShouldBeEmpty();
        VersionToTaskStatus.Decide(allow, [Version("v1", Approved, task, "GEO")], Catalog()).Writes.ShouldHaveSingleItem();
    }

    [Fact]
    public void Decide_TwoVersionsOfOneTask_LastWins()
    {
        var task = Task("t1", "sh1", Modeling, InProgress);

        var decision = VersionToTaskStatus.Decide(Defaults, [Version("v1", PendingReview, task), Version("v2", Approved, task)], Catalog());

        decision.Writes.Single().StatusName.ShouldBe("Approved");
    }
}
