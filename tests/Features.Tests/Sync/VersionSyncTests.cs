using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Sync;
using AyonFtrack.Features.Sync.Loaders;
using AyonFtrack.Server.CustomAttributes;

namespace AyonFtrack.Features.Tests.Sync;

public sealed class VersionSyncTests
{
    private const string FpsConf = "conf-fps";

    private static readonly IReadOnlyList<FtrackConfigurationInfo> Configurations =
        [new(new FtrackAttributeConfiguration(FpsConf, "fps", true, "show", null, "ayon"), "number", """{"isdecimal": true}""")];

    private static readonly IReadOnlyDictionary<string, AttributeMappingEntry> Mapping = new Dictionary<string, AttributeMappingEntry>
    {
        ["fps"] = new("fps", true, [Configurations[0].Configuration]),
    };

    private static readonly IReadOnlyList<AttributeModel> Attributes =
        [new("fps", 0, true, ["project", "folder", "version"], new AttributeData { Type = "float" })];

    private static readonly IReadOnlyList<ProjectStatusItem> Statuses =
    [
        new() { Name = "Approved", Scope = ["task", "version"] },
        new() { Name = "Task only", Scope = ["task"] },
    ];

    [Fact]
    public void Plan_StatusAndStoredFps_OnlyTheDifferencesOfMatchedVersions()
    {
        var match = new VersionMatchResult(
            new Dictionary<string, string> { ["av-1"] = "v-1", ["av-2"] = "v-2" },
            [
                new FtrackVersionInfo("av-1", 1, "render", "sh", null) { StatusName = "approved", Values = new Dictionary<string, JsonNode?> { [FpsConf] = 25.0 } },
                new FtrackVersionInfo("av-2", 2, "render", "sh", null) { StatusName = "Approved", Values = new Dictionary<string, JsonNode?> { [FpsConf] = 24.0 } },
                new FtrackVersionInfo("av-3", 3, "render", "sh", null) { StatusName = "Approved" },
            ]);
        VersionNode[] ayon = [Version("v-1", "Not started", 24.0), Version("v-2", "Approved", 24.0)];

        var operations = VersionSync.Plan(match, ayon, Statuses, Mapping, Configurations, Attributes);

        var update = operations.ShouldHaveSingleItem();
        update.EntityId.ShouldBe("v-1");
        update.Data!.ToJsonString().ShouldBe("""{"status":"Approved","attrib":{"fps":25}}""");
    }

    [Fact]
    public void NeedsStatuses_StatusWithoutVersionScope_True()
    {
        var match = new VersionMatchResult(new Dictionary<string, string> { ["av-1"] = "v-1" }, [new FtrackVersionInfo("av-1", 1, "render", "sh", null) { StatusName = "Task only" }]);

        VersionSync.NeedsStatuses(match, Statuses).ShouldBeTrue();
        VersionSync.Plan(match, [Version("v-1", "Approved", null)], Statuses, Mapping, Configurations, Attributes).ShouldBeEmpty();
    }

    [Fact]
    public void From_OnlyTheSyncsOwnIdsChangedOnAVersion_NoVersionStep()
    {
        AutoSyncFromFtrack.From(SyncEvents.Update(SyncEvents.Item("update", "av-1", "assetversion", "AssetVersion", "asset-1", SyncEvents.Change("ayon_id", null, "v-1"))))
            .ShouldBeNull();
        AutoSyncFromFtrack.From(SyncEvents.Update(SyncEvents.Item("update", "av-1", "assetversion", "AssetVersion", "asset-1", SyncEvents.Change("statusid", "a", "b"))))
            .ShouldNotBeNull().Changes.Versions.ShouldBe(["av-1"]);
    }

    [Fact]
    public void From_ProjectAutoSyncOrNameOnly_NoProjectStepAttributeChange_TheProjectStep()
    {
        // The toggle is the slice's first step (the full sync), never the project-attribute step.
        var toggle = AutoSyncFromFtrack.From(SyncEvents.Update(SyncEvents.Item("update", SyncEvents.Project, "show", "Project", null, SyncEvents.Change("auto_sync_enabled", "0", "1")))).ShouldNotBeNull();
        toggle.Changes.AutoSync.ShouldBe(true);
        toggle.Changes.Project.ShouldBeFalse();
        AutoSyncFromFtrack.From(SyncEvents.Update(SyncEvents.Item("update", SyncEvents.Project, "show", "Project", null, SyncEvents.Change("name", "a", "b")))).ShouldBeNull();
        var command = AutoSyncFromFtrack.From(SyncEvents.Update(SyncEvents.Item("update", SyncEvents.Project, "show", "Project", null, SyncEvents.Change("fps", "24", "25")))).ShouldNotBeNull();
        command.ProjectId.ShouldBe(SyncEvents.Project);
        command.Changes.Project.ShouldBeTrue();
    }

    private static VersionNode Version(string id, string status, double? fps) => new()
    {
        Id = id, ProductId = "p", Version = 1, Status = status,
        AllAttrib = new JsonObject { ["fps"] = fps }.ToJsonString(),
    };
}
