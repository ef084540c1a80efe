using System.Diagnostics;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Features.Sync;
using AyonFtrack.Integration.Tests.Support;

namespace AyonFtrack.Integration.Tests.Sync;

/// <summary>P-16 change slices run through the processor's slice dispatcher over both emulators; each change is followed by an empty drift report.</summary>
public sealed class IncrementalSyncTests
{
    [Fact]
    public async Task Dispatch_ShotRenamed_FolderRenamedDriftEmptyAndReplayWritesNothing()
    {
        await using var world = await SyncedWorldAsync();
        await world.CommitAsync(s => s.Update(FtrackEntityRef.Of("Shot", world.Shot1Id), new Dictionary<string, object?> { ["name"] = "sh010b" }));
        var e = world.Item("update", world.Shot1Id, "Shot", world.SequenceId, SyncWorld.Change("name", "sh010", "sh010b"), (world.SequenceId, "Sequence"));

        (await world.DispatchAsync(e)).Succeeded.ShouldBeTrue();

        (await FolderAsync(world, world.Shot1Id)).Path.ShouldBe("/sq01/sh010b");
        (await world.DriftAsync()).ShouldBeEmpty();
        var writes = world.AyonWrites;
        (await world.DispatchAsync(e)).Succeeded.ShouldBeTrue();
        world.AyonWrites.ShouldBe(writes);
    }

    /// <summary>P-16 1b: a folder holding published content is immutable for hierarchy changes; ftrack is told the sync failed.</summary>
    [Fact]
    public async Task Dispatch_ShotHoldingProductsRenamed_AyonKeepsItsNameAndFtrackIsMarkedSyncFailed()
    {
        await using var world = await SyncedWorldAsync();
        var folder = await FolderAsync(world, world.Shot1Id);
        await world.World.Ayon.AddProductAsync(SyncWorld.ProjectName, folder.Id, "renderMain", "render", CancellationToken.None);
        await world.CommitAsync(s => s.Update(FtrackEntityRef.Of("Shot", world.Shot1Id), new Dictionary<string, object?> { ["name"] = "sh010b" }));
        var e = world.Item("update", world.Shot1Id, "Shot", world.SequenceId, SyncWorld.Change("name", "sh010", "sh010b"), (world.SequenceId, "Sequence"));

        (await world.DispatchAsync(e)).Succeeded.ShouldBeTrue();

        var after = await FolderAsync(world, world.Shot1Id);
        after.Path.ShouldBe("/sq01/sh010");
        after.Label.ShouldBe(folder.Label);
        var failedConfiguration = world.World.Ftrack.QueryLocal("select id from CustomAttributeConfiguration where key is 'ayon_sync_failed'").Single()!["id"]!.GetValue<string>();
        world.World.Ftrack.QueryLocal($"select value from CustomAttributeValue where entity_id is \"{world.Shot1Id}\" and configuration_id is \"{failedConfiguration}\"")
            .ShouldHaveSingleItem()!["value"]!.GetValue<bool>().ShouldBeTrue();
        (await world.DriftAsync()).ShouldContain(d => d.Kind == DriftKind.Name);
    }

    [Fact]
    public async Task Dispatch_TaskMovedAndStatusChanged_TaskMovedWithNewStatus()
    {
        await using var world = await SyncedWorldAsync();
        await world.CommitAsync(s => s.Update(FtrackEntityRef.Of("Task", world.AnimTaskId), new Dictionary<string, object?>
        {
            ["parent_id"] = world.Shot1Id, ["status_id"] = world.World.Ftrack.StatusId("Approved"),
        }));
        var changes = SyncWorld.Change("parent_id", world.Shot2Id, world.Shot1Id);
        changes["statusid"] = new JsonObject { ["old"] = "x", ["new"] = world.World.Ftrack.StatusId("Approved") };

        var report = await world.DispatchAsync(world.Item("move", world.AnimTaskId, "Task", world.Shot1Id, changes, (world.Shot1Id, "Shot"), (world.SequenceId, "Sequence")));

        report.Outcomes.Select(o => o.Slice).ShouldBe(["Sync.AutoSyncFromFtrack"]);
        report.Succeeded.ShouldBeTrue(report.FailureSummary);
        var task = await TaskAsync(world, world.AnimTaskId);
        task.FolderId.ShouldBe((await FolderAsync(world, world.Shot1Id)).Id);
        task.Status.ShouldBe("Approved");
        (await world.DriftAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Dispatch_FolderRenameTaskStatusAndCreationInOneEvent_OnePlanPerEventAndAllApplied()
    {
        await using var world = await SyncedWorldAsync();
        // The sync's span says how many plans it made; the test's own root span keeps other tests' events out.
        var plans = new List<object?>();
        using var source = new ActivitySource("AyonFtrack.Tests.Plans");
        ActivityTraceId? trace = null;
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "AyonFtrack" or "AyonFtrack.Tests.Plans",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.OperationName == "Sync.AutoSyncFromFtrack" && activity.TraceId == trace)
                {
                    lock (plans)
                    {
                        plans.Add(activity.GetTagItem("sync.plans"));
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var entities = await world.CommitAndCaptureAsync(s =>
        {
            s.Update(FtrackEntityRef.Of("Shot", world.Shot2Id), new Dictionary<string, object?> { ["name"] = "sh030" });
            s.Update(FtrackEntityRef.Of("Task", world.CompTaskId), new Dictionary<string, object?> { ["status_id"] = world.World.Ftrack.StatusId("Approved") });
            s.Create("Shot", new Dictionary<string, object?> { ["name"] = "sh040", ["parent_id"] = world.SequenceId, ["project_id"] = world.ProjectId });
        });
        DispatchReport report;
        using (var root = source.StartActivity("test"))
        {
            trace = root!.TraceId;
            report = await world.DispatchAsync(entities);
        }

        report.Outcomes.Select(o => o.Slice).ShouldBe(["Sync.AutoSyncFromFtrack"]);
        report.Succeeded.ShouldBeTrue(report.FailureSummary);
        lock (plans)
        {
            plans.ShouldBe([1]);
        }

        (await FolderAsync(world, world.Shot2Id)).Name.ShouldBe("sh030");
        (await TaskAsync(world, world.CompTaskId)).Status.ShouldBe("Approved");
        (await world.DriftAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Dispatch_TaskRenamedAndStatusChanged_ReadsFtrackOnceForAllStepsOfTheEvent()
    {
        await using var world = await SyncedWorldAsync();
        await world.CommitAsync(s => s.Update(FtrackEntityRef.Of("Task", world.AnimTaskId), new Dictionary<string, object?>
        {
            ["status_id"] = world.World.Ftrack.StatusId("Approved"), ["name"] = "animation2",
        }));
        var changes = SyncWorld.Change("name", "animation", "animation2");
        changes["statusid"] = new JsonObject { ["old"] = "x", ["new"] = world.World.Ftrack.StatusId("Approved") };
        var before = world.World.Ftrack.ApiRequestCount;

        var report = await world.DispatchAsync(world.Item("update", world.AnimTaskId, "Task", world.Shot2Id, changes, (world.Shot2Id, "Shot"), (world.SequenceId, "Sequence")));

        report.Outcomes.Select(o => o.Slice).ShouldBe(["Sync.AutoSyncFromFtrack"]);
        report.Succeeded.ShouldBeTrue(report.FailureSummary);
        // One batched read serves both steps; a task's ayon_path is its folder's, so nothing is written back.
        (world.World.Ftrack.ApiRequestCount - before).ShouldBe(1);
        var task = await TaskAsync(world, world.AnimTaskId);
        task.Name.ShouldBe("animation2");
        task.Status.ShouldBe("Approved");
        (await world.DriftAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Dispatch_HierarchicalAttributeChanged_NewValueInAyon()
    {
        await using var world = await SyncedWorldAsync();
        world.World.Ftrack.SetCustomAttributeValue(world.FrameStartConfigurationId, world.Shot1Id, 1009);

        var report = await world.DispatchAsync(world.Item("update", world.Shot1Id, "Shot", world.SequenceId, SyncWorld.Change("frameStart", "1001", "1009"), (world.SequenceId, "Sequence")));

        report.Succeeded.ShouldBeTrue(report.FailureSummary);
        (await FolderAsync(world, world.Shot1Id)).ParseAllAttrib()["frameStart"]!.GetValue<int>().ShouldBe(1009);
        (await world.DriftAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Dispatch_ShotAndTaskAdded_CreatedWithAyonIdWrittenBack()
    {
        await using var world = await SyncedWorldAsync();
        var shot = world.World.Ftrack.AddShot(world.SequenceId, "sh030");
        var task = world.World.Ftrack.AddTask(shot, "lighting", "Lighting");

        var report = await world.DispatchAsync(
            world.Item("add", shot, "Shot", world.SequenceId, SyncWorld.Change("name", null, "sh030"), (world.SequenceId, "Sequence")),
            world.Item("add", task, "Task", shot, SyncWorld.Change("name", null, "lighting"), (shot, "Shot"), (world.SequenceId, "Sequence")));

        report.Succeeded.ShouldBeTrue(report.FailureSummary);
        var folder = await FolderAsync(world, shot);
        folder.Path.ShouldBe("/sq01/sh030");
        world.World.Ftrack.GetCustomAttributeValue(world.AyonIdConfigurationId, shot)!.GetValue<string>().ShouldBe(folder.Id);
        (await TaskAsync(world, task)).TaskType.ShouldBe("Lighting");
        (await world.DriftAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Dispatch_RecordedStreamProcessedTwice_SecondPassWritesNothingToAyon()
    {
        await using var world = await SyncedWorldAsync();
        var ftrack = world.World.Ftrack;
        var shot = ftrack.AddShot(world.SequenceId, "sh050");
        await world.CommitAsync(s => s.Update(FtrackEntityRef.Of("Shot", world.Shot2Id), new Dictionary<string, object?> { ["name"] = "sh020b", ["status_id"] = ftrack.StatusId("On Hold") }));
        ftrack.SetCustomAttributeValue(world.FpsConfigurationId, world.Shot1Id, 48.0);
        var appointment = ftrack.Seed("Appointment", new JsonObject { ["type"] = "assignment", ["resource_id"] = world.ArtistId, ["context_id"] = world.ModelTaskId });
        var renamed = SyncWorld.Change("name", "sh-020", "sh020b");
        renamed["statusid"] = new JsonObject { ["old"] = "a", ["new"] = ftrack.StatusId("On Hold") };
        var assigned = SyncWorld.Change("type", null, "assignment");
        assigned["context_id"] = new JsonObject { ["old"] = null, ["new"] = world.ModelTaskId };
        JsonObject[][] stream =
        [
            [world.Item("add", shot, "Shot", world.SequenceId, SyncWorld.Change("name", null, "sh050"), (world.SequenceId, "Sequence"))],
            [world.Item("update", world.Shot2Id, "Shot", world.SequenceId, renamed, (world.SequenceId, "Sequence"))],
            [world.Item("update", world.Shot1Id, "Shot", world.SequenceId, SyncWorld.Change("fps", "25", "48"), (world.SequenceId, "Sequence"))],
            [world.Item("add", appointment, "Appointment", world.ModelTaskId, assigned, (world.ModelTaskId, "Task"), (world.AssetId, "AssetBuild"), (world.AssetsFolderId, "Folder"))],
        ];
        foreach (var e in stream)
        {
            (await world.DispatchAsync(e)).Succeeded.ShouldBeTrue();
        }

        (await world.DriftAsync()).ShouldBeEmpty();
        var writes = world.AyonWrites;

        foreach (var e in stream)
        {
            (await world.DispatchAsync(e)).Succeeded.ShouldBeTrue();
        }

        world.AyonWrites.ShouldBe(writes);
        (await world.DriftAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Dispatch_AutoSyncTurnedOn_FullSyncCreatesTheProjectAndDriftIsEmpty()
    {
        await using var world = await SyncWorld.StartAsync();
        await world.World.Ayon.AddUserAsync("jane", null, new JsonObject(), new JsonObject { ["email"] = "jane@studio.test" }, CancellationToken.None);
        var report = await world.DispatchAsync(AutoSyncTurnedOn(world));

        report.Outcomes.Select(o => o.Slice).ShouldBe(["Sync.AutoSyncFromFtrack"]);
        report.Succeeded.ShouldBeTrue(report.FailureSummary);
        (await world.DriftAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Dispatch_AutoSyncTurnedOnWhileFtrackIsDisabledInAyon_RunsNoSync()
    {
        await using var world = await SyncWorld.StartAsync();
        await world.World.Ayon.SetAddonSettingsAsync("ftrack", ServiceWorld.AddonVersion, "production", new JsonObject { ["enabled"] = false }, CancellationToken.None);
        var report = await world.DispatchAsync(AutoSyncTurnedOn(world));

        report.Succeeded.ShouldBeTrue(report.FailureSummary);
        var (_, ayon, _, scope) = world.Scope();
        await using (scope)
        {
            (await ayon.GetProjectAsync(SyncWorld.ProjectName, CancellationToken.None)).IsSuccessStatusCode.ShouldBeFalse("turning auto-sync on ran the full sync although ftrack is disabled");
        }
    }

    // The project's update entity of an event that turns auto_sync_enabled on.
    private static JsonObject AutoSyncTurnedOn(SyncWorld world) => new()
    {
        ["action"] = "update", ["entityId"] = world.ProjectId, ["entityType"] = "show", ["entity_type"] = "Project", ["parentId"] = null,
        ["keys"] = new JsonArray("auto_sync_enabled"), ["changes"] = SyncWorld.Change("auto_sync_enabled", "0", "1"),
        ["parents"] = new JsonArray(new JsonObject { ["entityId"] = world.ProjectId, ["entityType"] = "show", ["entity_type"] = "Project", ["parentId"] = null }),
    };

    [Fact]
    public async Task Dispatch_AttributeChangeOfShotNotSyncedYet_FailsSoTheJobIsRetried()
    {
        await using var world = await SyncedWorldAsync();
        var shot = world.World.Ftrack.AddShot(world.SequenceId, "sh040");

        var report = await world.DispatchAsync(world.Item("update", shot, "Shot", world.SequenceId, SyncWorld.Change("frameStart", "1", "2"), (world.SequenceId, "Sequence")));

        report.HasFailures.ShouldBeTrue();
        report.FailureSummary.ShouldContain("not synchronised");
    }

    [Fact]
    public async Task Dispatch_AssignmentAdded_AssigneeInAyon()
    {
        await using var world = await SyncedWorldAsync();
        var appointment = world.World.Ftrack.Seed("Appointment", new JsonObject { ["type"] = "assignment", ["resource_id"] = world.ArtistId, ["context_id"] = world.AnimTaskId });
        var changes = SyncWorld.Change("type", null, "assignment");
        changes["resource_id"] = new JsonObject { ["old"] = null, ["new"] = world.ArtistId };
        changes["context_id"] = new JsonObject { ["old"] = null, ["new"] = world.AnimTaskId };

        var report = await world.DispatchAsync(world.Item("add", appointment, "Appointment", world.AnimTaskId, changes, (world.AnimTaskId, "Task"), (world.Shot2Id, "Shot"), (world.SequenceId, "Sequence")));

        report.Succeeded.ShouldBeTrue(report.FailureSummary);
        (await TaskAsync(world, world.AnimTaskId)).Assignees.ShouldBe(["jane"]);
        (await world.DriftAsync()).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(RemovedEntityPolicy.Delete, false)]
    [InlineData(RemovedEntityPolicy.MarkOnly, false)]
    [InlineData(RemovedEntityPolicy.RefuseWhenProducts, false)]
    [InlineData(RemovedEntityPolicy.Delete, true)]
    [InlineData(RemovedEntityPolicy.RefuseWhenProducts, true)]
    public async Task Dispatch_ShotRemoved_FollowsTheDeletePolicy(RemovedEntityPolicy policy, bool withProduct)
    {
        await using var world = await SyncedWorldAsync(policy);
        var folder = await FolderAsync(world, world.Shot2Id);
        if (withProduct)
        {
            await world.World.Ayon.AddProductAsync(SyncWorld.ProjectName, folder.Id, "renderMain", "render", CancellationToken.None);
        }

        var task = await TaskAsync(world, world.AnimTaskId);
        await DeleteInFtrackAsync(world, "Task", world.AnimTaskId);
        await DeleteInFtrackAsync(world, "Shot", world.Shot2Id);

        var report = await world.DispatchAsync(
            world.Item("remove", world.Shot2Id, "Shot", world.SequenceId, SyncWorld.Change("name", "sh-020", null), (world.SequenceId, "Sequence")),
            world.Item("remove", world.AnimTaskId, "Task", world.Shot2Id, SyncWorld.Change("name", "animation", null), (world.Shot2Id, "Shot"), (world.SequenceId, "Sequence")));

        var (_, ayon, _, scope) = world.Scope();
        await using (scope)
        {
            var folders = await ayon.ListFoldersAsync(SyncWorld.ProjectName, new FolderFilter(Ids: [folder.Id]), CancellationToken.None);
            var tasks = await ayon.ListTasksAsync(SyncWorld.ProjectName, new TaskFilter(Ids: [task.Id]), CancellationToken.None);
            switch (policy, withProduct)
            {
                case (RemovedEntityPolicy.RefuseWhenProducts, true):
                    report.HasFailures.ShouldBeTrue();
                    report.FailureSummary.ShouldContain("holds products");
                    folders.ShouldHaveSingleItem().Active.ShouldBeTrue();
                    tasks.ShouldHaveSingleItem();
                    (await world.DriftAsync()).Select(d => d.Kind).ShouldBe([DriftKind.Extra, DriftKind.Extra]);
                    return;
                case (RemovedEntityPolicy.Delete, true):
                    folders.ShouldHaveSingleItem().FtrackId.ShouldBe(SyncConventions.RemovedIdValue);
                    folders[0].Active.ShouldBeTrue();
                    tasks.ShouldBeEmpty();
                    break;
                case (RemovedEntityPolicy.MarkOnly, _):
                    folders.ShouldHaveSingleItem().FtrackId.ShouldBe(SyncConventions.RemovedIdValue);
                    folders[0].Active.ShouldBeFalse();
                    tasks.ShouldHaveSingleItem().Active.ShouldBeFalse();
                    break;
                default:
                    folders.ShouldBeEmpty();
                    tasks.ShouldBeEmpty();
                    break;
            }
        }

        report.Succeeded.ShouldBeTrue(report.FailureSummary);
        var drift = await world.DriftAsync();
        if (policy == RemovedEntityPolicy.Delete && withProduct)
        {
            // The protected folder stays active in AYON (it holds published content), as in the original.
            drift.ShouldHaveSingleItem().Kind.ShouldBe(DriftKind.Extra);
        }
        else
        {
            drift.ShouldBeEmpty(string.Join("; ", drift));
        }
    }

    /// <summary>
    /// P-16 1c: sh-020 (AYON name sh_020) is removed while a sibling named sh_020 was added: the AYON folder, with its
    /// id, is kept for the sibling (re-linked, label taken over) instead of being deleted; the removed shot's task goes.
    /// </summary>
    [Fact]
    public async Task Dispatch_ShotRemovedWhileASiblingHasItsSlug_AyonFolderKeptForTheSibling()
    {
        await using var world = await SyncedWorldAsync();
        var folder = await FolderAsync(world, world.Shot2Id);
        folder.Name.ShouldBe("sh_020");
        var task = await TaskAsync(world, world.AnimTaskId);
        var sibling = world.World.Ftrack.AddShot(world.SequenceId, "sh_020");
        var added = await world.DispatchAsync(world.Item("add", sibling, "Shot", world.SequenceId, SyncWorld.Change("name", null, "sh_020"), (world.SequenceId, "Sequence")));

        // While sh-020 lives, its AYON folder sh_020 is taken: the creation fails (and would be retried), ftrack is told.
        added.HasFailures.ShouldBeTrue();
        added.FailureSummary.ShouldContain("Duplicated names");
        SyncFailed(world, sibling).ShouldBe(true);
        (await world.DriftAsync()).ShouldContain(d => d.Kind == DriftKind.Missing);

        await DeleteInFtrackAsync(world, "Task", world.AnimTaskId);
        await DeleteInFtrackAsync(world, "Shot", world.Shot2Id);
        var removed = await world.DispatchAsync(
            world.Item("remove", world.Shot2Id, "Shot", world.SequenceId, SyncWorld.Change("name", "sh-020", null), (world.SequenceId, "Sequence")),
            world.Item("remove", world.AnimTaskId, "Task", world.Shot2Id, SyncWorld.Change("name", "animation", null), (world.Shot2Id, "Shot"), (world.SequenceId, "Sequence")));

        removed.Succeeded.ShouldBeTrue(removed.FailureSummary);
        var kept = await FolderAsync(world, sibling);
        kept.Id.ShouldBe(folder.Id);
        kept.Label.ShouldBeNull(); // the sibling's name is its own slug: no label, as the original stores it
        world.World.Ftrack.GetCustomAttributeValue(world.AyonIdConfigurationId, sibling)!.GetValue<string>().ShouldBe(folder.Id);
        SyncFailed(world, sibling).ShouldBe(false);
        var (_, ayon, _, scope) = world.Scope();
        await using (scope)
        {
            (await ayon.ListTasksAsync(SyncWorld.ProjectName, new TaskFilter(Ids: [task.Id]), CancellationToken.None)).ShouldBeEmpty();
        }

        var drift = await world.DriftAsync();
        drift.ShouldBeEmpty(string.Join("; ", drift));
        var writes = world.AyonWrites;
        (await world.DispatchAsync(
            world.Item("remove", world.Shot2Id, "Shot", world.SequenceId, SyncWorld.Change("name", "sh-020", null), (world.SequenceId, "Sequence")))).Succeeded.ShouldBeTrue();
        world.AyonWrites.ShouldBe(writes);
    }

    /// <summary>
    /// §6: task statuses are the task workflow's plus those of the workflows task types override it with. A Lighting
    /// task in a status only its override workflow has gets it in AYON, in the full sync and in the incremental one.
    /// </summary>
    [Fact]
    public async Task FullAndIncrementalSync_StatusOfATaskTypeOverrideWorkflow_ReachesAyon()
    {
        await using var world = await SyncWorld.StartAsync();
        var ftrack = world.World.Ftrack;
        var workflow = ftrack.Seed("WorkflowSchema", new JsonObject { ["name"] = "Lighting workflow" });
        string OverrideStatus(string name)
        {
            var id = ftrack.Seed("Status", new JsonObject { ["name"] = name, ["color"] = "#FFAA00", ["is_active"] = true, ["sort"] = 50, ["state"] = new JsonObject { ["__entity_type__"] = "State", ["id"] = ftrack.QueryLocal("select id from State where short is 'IN_PROGRESS'").Single()!["id"]!.GetValue<string>() } });
            ftrack.Seed("WorkflowSchemaStatus", new JsonObject { ["workflow_schema_id"] = workflow, ["status_id"] = id });
            return id;
        }

        OverrideStatus("Light Review");
        var schemaId = ftrack.QueryLocal($"select project_schema_id from Project where id is \"{world.ProjectId}\"").Single()!["project_schema_id"]!.GetValue<string>();
        ftrack.Seed("ProjectSchemaOverride", new JsonObject { ["project_schema_id"] = schemaId, ["type_id"] = ftrack.TypeId("Lighting"), ["workflow_schema_id"] = workflow });
        var lighting = ftrack.AddTask(world.Shot1Id, "lighting", "Lighting", "Light Review");

        await world.FullSyncAsync();

        (await TaskAsync(world, lighting)).Status.ShouldBe("Light Review");
        (await ProjectStatusesAsync(world)).Single(s => s.Name == "Light Review").Scope!.ShouldContain("task");
        (await world.DriftAsync()).ShouldBeEmpty();

        var approved = OverrideStatus("Light Approved");
        await world.CommitAsync(s => s.Update(FtrackEntityRef.Of("Task", lighting), new Dictionary<string, object?> { ["status_id"] = approved }));
        var report = await world.DispatchAsync(world.Item("update", lighting, "Task", world.Shot1Id, SyncWorld.Change("statusid", "x", approved), (world.Shot1Id, "Shot"), (world.SequenceId, "Sequence")));

        report.Succeeded.ShouldBeTrue(report.FailureSummary);
        (await TaskAsync(world, lighting)).Status.ShouldBe("Light Approved");
        (await world.DriftAsync()).ShouldBeEmpty();
    }

    /// <summary>P-16 step 2 for the project: a mapped attribute changed on the ftrack project reaches the AYON project.</summary>
    [Fact]
    public async Task Dispatch_ProjectFpsChanged_AyonProjectAttributeFollowsAndReplayWritesNothing()
    {
        await using var world = await SyncedWorldAsync();

        var (entities, report) = await world.CommitAndDispatchAsync(s => s.SetCustomAttribute(FtrackEntityRef.Of("Project", world.ProjectId), world.FpsConfigurationId, 48.0));

        report.Succeeded.ShouldBeTrue(report.FailureSummary);
        report.Outcomes.Select(o => o.Slice).ShouldContain("Sync.AutoSyncFromFtrack");
        var (_, ayon, _, scope) = world.Scope();
        await using (scope)
        {
            (await ayon.GetProjectAsync(SyncWorld.ProjectName, CancellationToken.None)).Content!.Attrib["fps"]!.GetValue<double>().ShouldBe(48.0);
        }

        var writes = world.AyonWrites;
        (await world.DispatchAsync(entities)).Succeeded.ShouldBeTrue();
        world.AyonWrites.ShouldBe(writes);
    }

    private static async Task<IReadOnlyList<ProjectStatusItem>> ProjectStatusesAsync(SyncWorld world)
    {
        var (_, ayon, _, scope) = world.Scope();
        await using (scope)
        {
            return (await ayon.GetProjectAsync(SyncWorld.ProjectName, CancellationToken.None)).Content!.Statuses;
        }
    }

    private static bool? SyncFailed(SyncWorld world, string ftrackId)
    {
        var configuration = world.World.Ftrack.QueryLocal("select id from CustomAttributeConfiguration where key is 'ayon_sync_failed'").Single()!["id"]!.GetValue<string>();
        return world.World.Ftrack.GetCustomAttributeValue(configuration, ftrackId)?.GetValue<bool>();
    }

    /// <summary>
    /// Deletes an entity in ftrack. Its stored custom attribute values are removed first: the emulator's delete cascade
    /// follows a value row's configuration_id and would wipe that attribute on every entity (reported to the Sandbox room).
    /// </summary>
    private static async Task DeleteInFtrackAsync(SyncWorld world, string entityType, string id)
    {
        var values = world.World.Ftrack.QueryLocal($"select configuration_id, entity_id from CustomAttributeValue where entity_id is \"{id}\"");
        await world.CommitAsync(s =>
        {
            foreach (var row in values)
            {
                s.DeleteCustomAttributeValue(row!["configuration_id"]!.GetValue<string>(), id);
            }
        });
        await world.CommitAsync(s => s.Delete(FtrackEntityRef.Of(entityType, id)));
    }

    private static async Task<SyncWorld> SyncedWorldAsync(RemovedEntityPolicy policy = RemovedEntityPolicy.Delete)
    {
        var world = await SyncWorld.StartAsync(policy);
        try
        {
            await world.World.Ayon.AddUserAsync("jane", null, new JsonObject(), new JsonObject { ["email"] = "jane@studio.test" }, CancellationToken.None);
            await world.FullSyncAsync();
            (await world.DriftAsync()).ShouldBeEmpty();
            return world;
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    private static async Task<FolderNode> FolderAsync(SyncWorld world, string ftrackId)
    {
        var (_, ayon, _, scope) = world.Scope();
        await using (scope)
        {
            return (await ayon.FindFoldersByFtrackIdAsync(SyncWorld.ProjectName, [ftrackId], CancellationToken.None)).ShouldHaveSingleItem();
        }
    }

    private static async Task<TaskNode> TaskAsync(SyncWorld world, string ftrackId)
    {
        var (_, ayon, _, scope) = world.Scope();
        await using (scope)
        {
            return (await ayon.FindTasksByFtrackIdAsync(SyncWorld.ProjectName, [ftrackId], CancellationToken.None)).ShouldHaveSingleItem();
        }
    }
}
