using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Sync;
using AyonFtrack.Sandbox.Ayon;
using static AyonFtrack.Integration.Tests.EndToEnd.FtrackShow;

namespace AyonFtrack.Integration.Tests.EndToEnd;

/// <summary>
/// Issue #6 through the real services: the leecher and the processor (child processes) between both emulators. A show
/// is built and changed in ftrack by REST commits; the ftrack emulator publishes each commit on its hub as ftrack does,
/// the leecher stores it, the processor runs the sync slices. After each change the drift report is empty, and the
/// whole recorded stream processed a second time writes nothing.
/// </summary>
public sealed class FtrackToAyonEndToEndTests
{
    [Fact]
    public async Task LeecherAndProcessor_ShowBuiltAndChangedInFtrack_AyonFollowsEachChangeAndAReplayWritesNothing()
    {
        await using var w = await EndToEndWorld.StartAsync();
        await w.StartServicesAsync(transmitter: false);

        // The show is built while auto-sync is off: its events are leeched and processed, and AYON is left alone.
        var show = await BuildAsync(w);
        await w.SettleAsync("building the show");
        w.AyonEntityWrites.ShouldBe(0);

        // Turning auto-sync on runs the full sync (the toggle step of AutoSyncFromFtrack).
        await w.CommitAsync(s => s.SetCustomAttribute(FtrackEntityRef.Of("Project", w.ProjectId), w.AutoSyncConfigurationId, true));
        await SettledWithoutDriftAsync(w, "turning auto-sync on");
        (await w.FolderAsync(show.Shot1)).ShouldNotBeNull().Path.ShouldBe("/sq010/sh010");
        (await w.FolderAsync(show.Asset)).ShouldNotBeNull().FolderType.ShouldBe("Asset Build");
        var comp = (await w.TaskAsync(show.CompTask)).ShouldNotBeNull();
        comp.TaskType.ShouldBe("Compositing");
        comp.Status.ShouldBe("Pending Review");
        (await w.FolderAsync(show.Shot1))!.ParseAllAttrib()["frameStart"]!.GetValue<int>().ShouldBe(1001);
        w.Ftrack.GetCustomAttributeValue(w.AyonIdConfigurationId, show.Shot1)!.GetValue<string>().ShouldBe((await w.FolderAsync(show.Shot1))!.Id);

        // Rename a shot.
        await w.CommitAsync(s => s.Update(FtrackEntityRef.Of("Shot", show.Shot2), Data(("name", "sh020b"))));
        await SettledWithoutDriftAsync(w, "renaming sh020");
        (await w.FolderAsync(show.Shot2))!.Path.ShouldBe("/sq010/sh020b");

        // Move a shot to the other sequence (its task follows), and a task to another shot.
        await w.CommitAsync(s => s.Update(FtrackEntityRef.Of("Shot", show.Shot3), Data(("parent_id", show.Sequence1))));
        await SettledWithoutDriftAsync(w, "moving sh030 to sq010");
        (await w.FolderAsync(show.Shot3))!.Path.ShouldBe("/sq010/sh030");
        await w.CommitAsync(s => s.Update(FtrackEntityRef.Of("Task", show.AnimTask), Data(("parent_id", show.Shot1))));
        await SettledWithoutDriftAsync(w, "moving the animation task to sh010");
        (await w.TaskAsync(show.AnimTask))!.FolderId.ShouldBe((await w.FolderAsync(show.Shot1))!.Id);

        // Change a status.
        await w.CommitAsync(s => s.Update(FtrackEntityRef.Of("Task", show.CompTask), Data(("status_id", w.Ftrack.StatusId("Approved")))));
        await SettledWithoutDriftAsync(w, "approving the compositing task");
        (await w.TaskAsync(show.CompTask))!.Status.ShouldBe("Approved");

        // Change a hierarchical custom attribute.
        await w.CommitAsync(s => s.SetCustomAttribute(FtrackEntityRef.Of("Shot", show.Shot1), w.FrameStartConfigurationId, 1009));
        await SettledWithoutDriftAsync(w, "changing frameStart of sh010");
        (await w.FolderAsync(show.Shot1))!.ParseAllAttrib()["frameStart"]!.GetValue<int>().ShouldBe(1009);

        // Assign a user.
        await w.CommitAsync(s => s.Create("Appointment", Data(("type", "assignment"), ("resource_id", w.JaneFtrackId), ("context_id", show.ModelTask))));
        await SettledWithoutDriftAsync(w, "assigning jane to the modeling task");
        (await w.TaskAsync(show.ModelTask))!.Assignees.ShouldBe(["jane"]);

        // Link two shots.
        await w.CommitAsync(s => s.Create("TypedContextLink", Data(("from_id", show.Shot1), ("to_id", show.Shot2))));
        await SettledWithoutDriftAsync(w, "linking sh010 to sh020b");
        var (linkFrom, linkTo) = ((await w.FolderAsync(show.Shot1))!.Id, (await w.FolderAsync(show.Shot2))!.Id);
        var link = (await w.FolderLinksAsync(linkFrom)).ShouldHaveSingleItem();
        (link.Input, link.Output).ShouldBe((linkFrom, linkTo));
        link.LinkType.ShouldStartWith(EndToEndWorld.LinkType + "|");

        // Edit a list: created with one shot, then renamed with a second shot added.
        string listId = "";
        await w.CommitAsync(s =>
        {
            listId = s.Create("TypedContextList", Data(("name", "Review"), ("project_id", w.ProjectId), ("is_open", true))).Id;
            s.Create("ListObject", Data(("list_id", listId), ("entity_id", show.Shot1)));
        });
        await SettledWithoutDriftAsync(w, "creating the Review list with sh010");
        await w.CommitAsync(s =>
        {
            s.Update(FtrackEntityRef.Of("TypedContextList", listId), Data(("name", "Final review")));
            s.Create("ListObject", Data(("list_id", listId), ("entity_id", show.Shot2)));
        });
        await SettledWithoutDriftAsync(w, "renaming the list and adding sh020b");

        // Add a shot with a task, then delete a shot with its task (delete policy: Delete).
        string sh040 = "", sh040Task = "";
        await w.CommitAsync(s =>
        {
            sh040 = s.Create("Shot", Data(("name", "sh040"), ("parent_id", show.Sequence2))).Id;
            sh040Task = s.Create("Task", Data(("name", "fx"), ("parent_id", sh040), ("type_id", w.Ftrack.TypeId("FX")))).Id;
        });
        await SettledWithoutDriftAsync(w, "adding sh040 with a task");
        (await w.FolderAsync(sh040))!.Path.ShouldBe("/sq020/sh040");
        (await w.TaskAsync(sh040Task))!.TaskType.ShouldBe("FX");
        var deletedFolder = (await w.FolderAsync(show.Shot3))!.Id;
        await w.CommitAsync(s => s.Delete(FtrackEntityRef.Of("Shot", show.Shot3)));
        await SettledWithoutDriftAsync(w, "deleting sh030");
        (await w.FolderAsync(show.Shot3)).ShouldBeNull();
        (await w.TaskAsync(show.LightTask)).ShouldBeNull();
        (await w.Ayon.GetEntityAsync(EndToEndWorld.ProjectName, "folder", deletedFolder, CancellationToken.None)).ShouldBeNull();

        // The whole recorded stream once more: the processor's jobs are deleted and a new processor takes every
        // leeched event again, in order. Nothing changes on either side.
        await w.StopProcessorAsync();
        var before = await w.CountersAsync();
        var updatesBefore = (await FtrackUpdatesAsync(w)).Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        (await w.DeleteProcessorJobsAsync()).ShouldBe(before.ProcJobs);
        before.ProcJobs.ShouldBe(before.Leeched);
        var processor = w.StartProcessor();
        await w.SettleAsync("processing the recorded stream a second time");
        var after = await w.CountersAsync();
        after.ProcJobs.ShouldBe(after.Leeched);
        after.ShouldSatisfyAllConditions(
            () => after.AyonWrites.ShouldBe(before.AyonWrites, "AYON writes during the replay"),
            () => after.EntityEvents.ShouldBe(before.EntityEvents, "AYON entity events during the replay"));
        // ftrack: no change to the show; the only ftrack writes allowed are the progress record (a ftrack Job) of the
        // "sync from ftrack" action that the replayed leecher-started marker launches again.
        var replayWrites = (await FtrackUpdatesAsync(w)).Where(e => !updatesBefore.Contains(e.Id))
            .SelectMany(e => e.Payload["data"]!["entities"]!.AsArray()).Select(entity => entity!["entity_type"]!.GetValue<string>()).ToList();
        replayWrites.ShouldAllBe(type => type == "Job", "ftrack writes during the replay");
        processor.Lines.ShouldContain(l => l.Contains("Auto-sync turned on for " + EndToEndWorld.ProjectName, StringComparison.Ordinal));
        (await w.DriftAsync()).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(RemovedEntityPolicy.Delete)]
    [InlineData(RemovedEntityPolicy.MarkOnly)]
    [InlineData(RemovedEntityPolicy.RefuseWhenProducts)]
    public async Task LeecherAndProcessor_ShotWithProductsDeletedInFtrack_FollowsTheDeletePolicy(RemovedEntityPolicy policy)
    {
        await using var w = await EndToEndWorld.StartAsync();
        await w.StartServicesAsync(false, "--Sync:RemovedEntityPolicy", policy.ToString());
        var show = await BuildAsync(w);
        await w.CommitAsync(s => s.SetCustomAttribute(FtrackEntityRef.Of("Project", w.ProjectId), w.AutoSyncConfigurationId, true));
        await SettledWithoutDriftAsync(w, "turning auto-sync on");
        var folder = (await w.FolderAsync(show.Shot3))!.Id;
        var task = (await w.TaskAsync(show.LightTask))!.Id;
        await w.Ayon.AddProductAsync(EndToEndWorld.ProjectName, folder, "renderMain", "render", CancellationToken.None);

        await w.CommitAsync(s => s.Delete(FtrackEntityRef.Of("Shot", show.Shot3)));
        await w.SettleAsync("deleting sh030", failuresExpected: policy == RemovedEntityPolicy.RefuseWhenProducts);

        var ayonFolder = await w.Ayon.GetEntityAsync(EndToEndWorld.ProjectName, "folder", folder, CancellationToken.None);
        var ayonTask = await w.Ayon.GetEntityAsync(EndToEndWorld.ProjectName, "task", task, CancellationToken.None);
        var drift = await w.DriftAsync();
        switch (policy)
        {
            case RemovedEntityPolicy.Delete:
                // A folder holding products is never deleted: it is marked and stays active; its task is deleted.
                ayonFolder.ShouldNotBeNull()["attrib"]!["ftrackId"]!.GetValue<string>().ShouldBe(SyncConventions.RemovedIdValue);
                ayonFolder["active"]!.GetValue<bool>().ShouldBeTrue();
                ayonTask.ShouldBeNull();
                drift.ShouldHaveSingleItem().Kind.ShouldBe(DriftKind.Extra);
                break;
            case RemovedEntityPolicy.MarkOnly:
                ayonFolder.ShouldNotBeNull()["attrib"]!["ftrackId"]!.GetValue<string>().ShouldBe(SyncConventions.RemovedIdValue);
                ayonFolder["active"]!.GetValue<bool>().ShouldBeFalse();
                ayonTask.ShouldNotBeNull()["active"]!.GetValue<bool>().ShouldBeFalse();
                drift.ShouldBeEmpty(string.Join("; ", drift));
                break;
            default:
                // Refused: the job fails for good and stays visible; AYON keeps both; the queue moves on.
                (await w.FailedJobsAsync("ftrack.proc")).ShouldHaveSingleItem().Description.ShouldContain("holds products");
                ayonFolder.ShouldNotBeNull()["active"]!.GetValue<bool>().ShouldBeTrue();
                ayonFolder["attrib"]!["ftrackId"]!.GetValue<string>().ShouldBe(show.Shot3);
                ayonTask.ShouldNotBeNull();
                drift.Select(d => d.Kind).ShouldBe([DriftKind.Extra, DriftKind.Extra]);
                await w.CommitAsync(s => s.Update(FtrackEntityRef.Of("Shot", show.Shot1), Data(("name", "sh010b"))));
                await w.SettleAsync("renaming sh010 after the refused removal", failuresExpected: true);
                (await w.FolderAsync(show.Shot1))!.Path.ShouldBe("/sq010/sh010b");
                break;
        }
    }

    private static async Task<List<AyonEventRow>> FtrackUpdatesAsync(EndToEndWorld w) =>
        [.. (await w.Ayon.GetEventsAsync("ftrack.leech", CancellationToken.None)).Where(e => e.Payload["topic"]?.GetValue<string>() == "ftrack.update")];

    private static async Task SettledWithoutDriftAsync(EndToEndWorld w, string step)
    {
        await w.SettleAsync(step);
        var drift = await w.DriftAsync();
        drift.ShouldBeEmpty($"after {step}: {string.Join("; ", drift)}\n{await w.DescribeAsync()}");
    }
}
