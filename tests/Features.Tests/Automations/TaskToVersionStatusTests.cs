using AyonFtrack.Features.Automations;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Server.Settings;
using static AyonFtrack.Features.Tests.Automations.AutomationStates;

namespace AyonFtrack.Features.Tests.Automations;

public sealed class TaskToVersionStatusTests
{
    private static readonly StatusMappingSettings Configured = FtrackSettings.Defaults.ServiceEventHandlers.StatusTaskToVersion with
    {
        Mapping = [new NameValues { Name = "Approved", Value = ["Approved"] }, new NameValues { Name = "In Progress", Value = ["Final", "Retake"] }],
        AssetTypes = ["render"],
    };

    private static readonly string[] KnownTypes = ["upload", "geo", "render"];

    private static TaskToVersionStatus.VersionRow V(string id, int version, StatusInfo status, string type = "render", string task = "t1") => new(id, task, version, "main", type, status.Id);

    [Fact]
    public void From_TaskStatusChanged_CarriesTheSourceUser()
    {
        var command = TaskToVersionStatus.From(Update(Item("task", "Task", "t1", "sh1", InProgress.Id, Approved.Id)));

        command.ShouldNotBeNull();
        command.Changes.ShouldBe([new TaskToVersionStatus.Change(Project, "t1")]);
        command.SourceUserId.ShouldBe("user-jane");
        command.SourceUsername.ShouldBe("jane");
    }

    [Fact]
    public void IsOwnOrUnknown_ServiceUserOrNoUser_True_OtherUser_False()
    {
        TaskToVersionStatus.IsOwnOrUnknown(null, "jane", "svc-id", "service").ShouldBeTrue();
        TaskToVersionStatus.IsOwnOrUnknown("svc-id", "whoever", "svc-id", "service").ShouldBeTrue();
        TaskToVersionStatus.IsOwnOrUnknown("svc-id", "Service", null, "service").ShouldBeTrue();
        TaskToVersionStatus.IsOwnOrUnknown("user-jane", "jane", "svc-id", "service").ShouldBeFalse();
    }

    [Fact]
    public void Decide_TaskApproved_LatestRenderVersionsApproved()
    {
        var versions = new[] { V("v1", 1, PendingReview), V("v2a", 2, PendingReview), V("v2b", 2, NotReady), V("v2geo", 3, PendingReview, "geo") };

        var decision = TaskToVersionStatus.Decide(Configured, KnownTypes, [Task("t1", "sh1", Modeling, Approved)], versions, Catalog());

        // v2geo is filtered out before the latest number is taken, so version 2 is the latest render.
        decision.Writes.Select(w => $"{w.EntityId}={w.StatusName}").ShouldBe(["v2a=Approved", "v2b=Approved"]);
    }

    [Fact]
    public void Decide_FirstAvailableMappedName_ElseTheTaskStatusName()
    {
        // In Progress maps to Final (not a version status) then Retake.
        var decision = TaskToVersionStatus.Decide(Configured, KnownTypes, [Task("t1", "sh1", Modeling, InProgress)], [V("v1", 1, PendingReview)], Catalog());
        var unmapped = TaskToVersionStatus.Decide(Configured, KnownTypes, [Task("t1", "sh1", Modeling, PendingReview)], [V("v1", 1, NotReady)], Catalog());

        decision.Writes.Single().StatusName.ShouldBe("Retake");
        unmapped.Writes.Single().StatusName.ShouldBe("Pending Review");
    }

    [Fact]
    public void Decide_VersionAlreadyCarriesTheStatus_NoWrite()
    {
        TaskToVersionStatus.Decide(Configured, KnownTypes, [Task("t1", "sh1", Modeling, Approved)], [V("v1", 1, Approved)], Catalog()).Writes.ShouldBeEmpty();
    }

    [Fact]
    public void Decide_Defaults_NoMappingAndEmptyAllowList_Inert()
    {
        var defaults = FtrackSettings.Defaults.ServiceEventHandlers.StatusTaskToVersion;

        TaskToVersionStatus.Decide(defaults, KnownTypes, [Task("t1", "sh1", Modeling, Approved)], [V("v1", 1, PendingReview)], Catalog()).ShouldBe(StatusDecision.None);
        TaskToVersionStatus.Decide(defaults with { Mapping = Configured.Mapping }, KnownTypes, [Task("t1", "sh1", Modeling, Approved)], [V("v1", 1, PendingReview)], Catalog())
            .Writes.ShouldBeEmpty();
    }

    [Fact]
    public void Decide_AllowListOfUnknownTypes_NotedNothingWritten()
    {
        var decision = TaskToVersionStatus.Decide(Configured with { AssetTypes = ["mov"] }, KnownTypes, [Task("t1", "sh1", Modeling, Approved)], [V("v1", 1, PendingReview, "mov")], Catalog());

        decision.Writes.ShouldBeEmpty();
        decision.Notes.Single().ShouldContain("\"mov\"");
    }

    [Fact]
    public void Decide_DenyList_SkipsListedTypes()
    {
        var deny = Configured with { AssetTypesFilterType = SettingsValues.DenyList, AssetTypes = ["render"] };

        var decision = TaskToVersionStatus.Decide(deny, KnownTypes, [Task("t1", "sh1", Modeling, Approved)], [V("v1", 1, PendingReview), V("v2", 1, PendingReview, "geo")], Catalog());

        decision.Writes.Select(w => w.EntityId).ShouldBe(["v2"]);
    }
}
