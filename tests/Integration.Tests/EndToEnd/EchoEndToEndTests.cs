using System.Diagnostics;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Integration.Tests.Support;
using static AyonFtrack.Integration.Tests.EndToEnd.FtrackShow;

namespace AyonFtrack.Integration.Tests.EndToEnd;

/// <summary>
/// Issue #7 with every service running (leecher, processor, transmitter as child processes): a change made in ftrack
/// reaches AYON and does not come back, a change made in AYON (status, mapped attributes, a new shot with a task,
/// an assignment, a move, a deletion)
/// reaches ftrack and does not come back. The processor
/// writes with sender type <c>ftrack</c>, which the transmitter does not enroll; the transmitter's ftrack commit comes
/// back as an <c>ftrack.update</c> that the processor takes and finds nothing to change in.
/// </summary>
public sealed class EchoEndToEndTests
{
    /// <summary>The quiet window the issue names.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AllServices_ChangesInFtrackThenInAyon_EachReachesTheOtherSideAndNothingComesBackInSixtySecondsOfQuiet()
    {
        await using var w = await EndToEndWorld.StartAsync();
        await w.StartServicesAsync(transmitter: true);
        var show = await BuildAsync(w);
        await w.CommitAsync(s => s.SetCustomAttribute(FtrackEntityRef.Of("Project", w.ProjectId), w.AutoSyncConfigurationId, true));
        await w.SettleAsync("the full sync");
        (await w.DriftAsync()).ShouldBeEmpty();
        var synced = await w.CountersAsync();
        synced.EntityEvents.ShouldBeGreaterThan(0);
        synced.SyncJobs.ShouldBe(0, "the processor's AYON writes carry sender type ftrack: the transmitter must not take them");

        // ftrack → AYON: the processor writes the status; the transmitter does not take that write.
        await w.CommitAsync(s => s.Update(FtrackEntityRef.Of("Task", show.CompTask), Data(("status_id", w.Ftrack.StatusId("Approved")))));
        await w.SettleAsync("approving the compositing task in ftrack");
        (await w.TaskAsync(show.CompTask))!.Status.ShouldBe("Approved");
        var arrivedInAyon = await w.CountersAsync();
        arrivedInAyon.ShouldSatisfyAllConditions(
            () => arrivedInAyon.ProcJobs.ShouldBe(synced.ProcJobs + 1, "one ftrack.update, one processor job"),
            () => arrivedInAyon.SyncJobs.ShouldBe(0, "no transmitter job for the processor's write"),
            () => arrivedInAyon.FtrackOperations.ShouldBe(synced.FtrackOperations + 1, "only the coordinator's commit wrote to ftrack"),
            () => arrivedInAyon.AyonWrites.ShouldBeGreaterThan(synced.AyonWrites));
        var statusEvent = (await w.Ayon.GetEventsAsync("entity.task.status_changed", CancellationToken.None)).OrderBy(e => e.CreationOrder).Last();
        statusEvent.SenderType.ShouldBe("ftrack");
        (await w.DriftAsync()).ShouldBeEmpty();

        // AYON → ftrack: the transmitter commits the status; its ftrack.update is leeched and processed without an AYON write.
        var anim = (await w.TaskAsync(show.AnimTask))!;
        await w.ArtistAyon.UpdateTaskAsync(EndToEndWorld.ProjectName, anim.Id, new JsonObject { ["status"] = "On Hold" }, CancellationToken.None);
        var artistWrite = w.AyonEntityWrites;
        await ServiceWorld.WaitUntilAsync(
            () => Task.FromResult(w.Ftrack.GetEntity("Task", show.AnimTask)!["status_id"]!.GetValue<string>() == w.Ftrack.StatusId("On Hold")),
            EndToEndWorld.Deadline,
            "the AYON status in ftrack",
            w.DescribeAsync);
        await w.SettleAsync("putting the animation task on hold in AYON");
        var arrivedInFtrack = await w.CountersAsync();
        arrivedInFtrack.ShouldSatisfyAllConditions(
            () => arrivedInFtrack.SyncJobs.ShouldBe(1, "one AYON change, one transmitter job"),
            () => arrivedInFtrack.FtrackUpdates.ShouldBe(arrivedInAyon.FtrackUpdates + 1, "the transmitter's one commit"),
            () => arrivedInFtrack.ProcJobs.ShouldBe(arrivedInAyon.ProcJobs + 1, "the transmitter's commit, leeched and processed"),
            () => arrivedInFtrack.AyonWrites.ShouldBe(artistWrite, "the processor found nothing to change in AYON"));
        (await w.TaskAsync(show.AnimTask))!.Status.ShouldBe("On Hold");
        (await w.DriftAsync()).ShouldBeEmpty();

        // AYON → ftrack with mapped attributes (an integer and a decimal): converted there and back, still nothing to change.
        var shot = (await w.FolderAsync(show.Shot1))!;
        await w.ArtistAyon.UpdateFolderAsync(EndToEndWorld.ProjectName, shot.Id, new JsonObject { ["attrib"] = new JsonObject { ["frameStart"] = 1017, ["fps"] = 23.976 } }, CancellationToken.None);
        var attributesWrite = w.AyonEntityWrites;
        await ServiceWorld.WaitUntilAsync(
            () => Task.FromResult(w.Ftrack.GetCustomAttributeValue(w.FrameStartConfigurationId, show.Shot1)?.GetValue<double>() == 1017
                && w.Ftrack.GetCustomAttributeValue(w.FpsConfigurationId, show.Shot1)?.GetValue<double>() == 23.976),
            EndToEndWorld.Deadline,
            "the AYON attributes in ftrack",
            w.DescribeAsync);
        await w.SettleAsync("changing frameStart and fps of sh010 in AYON");
        var attributesArrived = await w.CountersAsync();
        attributesArrived.ShouldSatisfyAllConditions(
            () => attributesArrived.SyncJobs.ShouldBe(2, "one more AYON change, one more transmitter job"),
            () => attributesArrived.FtrackUpdates.ShouldBe(arrivedInFtrack.FtrackUpdates + 1, "the transmitter's one commit"),
            () => attributesArrived.ProcJobs.ShouldBe(arrivedInFtrack.ProcJobs + 1, "the transmitter's commit, leeched and processed"),
            () => attributesArrived.AyonWrites.ShouldBe(attributesWrite, "the processor found nothing to change in AYON"));
        (await w.DriftAsync()).ShouldBeEmpty();

        // AYON → ftrack creation: a shot and its task made in AYON are created once in ftrack; their "add" comes back to the
        // processor, which links the existing AYON entities (ftrackPath) and creates nothing.
        var sequence = (await w.FolderAsync(show.Sequence1))!;
        var created = await w.ArtistAyon.CreateFolderAsync(EndToEndWorld.ProjectName, new FolderCreate { Name = "sh050", FolderType = "Shot", ParentId = sequence.Id }, CancellationToken.None);
        var createdTask = await w.ArtistAyon.CreateTaskAsync(EndToEndWorld.ProjectName, new TaskCreate { Name = "comp", TaskType = "Compositing", FolderId = created.Id }, CancellationToken.None);
        await ServiceWorld.WaitUntilAsync(
            () => Task.FromResult(w.Ftrack.QueryLocal("select id from Task where name is \"comp\"").Count == 1),
            EndToEndWorld.Deadline,
            "the AYON task in ftrack",
            w.DescribeAsync);
        await w.SettleAsync("creating sh050 with a task in AYON");
        var creationArrived = await w.CountersAsync();
        creationArrived.SyncJobs.ShouldBe(attributesArrived.SyncJobs + 2, "two AYON creations, two transmitter jobs");
        var ftrackShot = w.Ftrack.QueryLocal("select id from Shot where name is \"sh050\"").ShouldHaveSingleItem()!["id"]!.GetValue<string>();
        (await w.FolderAsync(ftrackShot)).ShouldNotBeNull().Id.ShouldBe(created.Id);
        (await w.TaskAsync(w.Ftrack.QueryLocal("select id from Task where name is \"comp\"")[0]!["id"]!.GetValue<string>())).ShouldNotBeNull().Id.ShouldBe(createdTask.Id);
        (await w.DriftAsync()).ShouldBeEmpty();

        // AYON → ftrack assignment: the transmitter creates the appointment; the processor finds jane assigned already.
        var assignWrites = w.AyonEntityWrites;
        await w.ArtistAyon.AssignTaskAsync(EndToEndWorld.ProjectName, anim.Id, TaskAssignRequest.Add("jane"), CancellationToken.None);
        await ServiceWorld.WaitUntilAsync(
            () => Task.FromResult(w.Ftrack.QueryLocal($"select id from Appointment where context_id is \"{show.AnimTask}\" and resource_id is \"{w.JaneFtrackId}\"").Count == 1),
            EndToEndWorld.Deadline,
            "jane's appointment in ftrack",
            w.DescribeAsync);
        await w.SettleAsync("assigning jane in AYON");
        var assigned = await w.CountersAsync();
        assigned.ShouldSatisfyAllConditions(
            () => assigned.SyncJobs.ShouldBe(creationArrived.SyncJobs + 1, "one AYON change, one transmitter job"),
            () => assigned.ProcJobs.ShouldBe(creationArrived.ProcJobs + 1, "the transmitter's commit, leeched and processed"),
            () => assigned.AyonWrites.ShouldBe(assignWrites + 1, "only the artist's write: the processor found nothing to change"));
        (await w.DriftAsync()).ShouldBeEmpty();

        // AYON → ftrack move and delete: the new task moves to sh010, then the shot made in AYON is deleted.
        await w.ArtistAyon.UpdateTaskAsync(EndToEndWorld.ProjectName, createdTask.Id, new JsonObject { ["folderId"] = shot.Id }, CancellationToken.None);
        await ServiceWorld.WaitUntilAsync(
            () => Task.FromResult(w.Ftrack.QueryLocal($"select id from Task where name is \"comp\" and parent_id is \"{show.Shot1}\"").Count == 1),
            EndToEndWorld.Deadline,
            "the moved task in ftrack",
            w.DescribeAsync);
        await w.SettleAsync("moving the new task to sh010 in AYON");
        (await w.DriftAsync()).ShouldBeEmpty();
        await w.ArtistAyon.DeleteFolderAsync(EndToEndWorld.ProjectName, created.Id, true, CancellationToken.None);
        await ServiceWorld.WaitUntilAsync(
            () => Task.FromResult(w.Ftrack.GetEntity("Shot", ftrackShot) is null),
            EndToEndWorld.Deadline,
            "the deleted shot gone from ftrack",
            w.DescribeAsync);
        await w.SettleAsync("deleting sh050 in AYON");
        (await w.DriftAsync()).ShouldBeEmpty();
        var lastChange = await w.CountersAsync();
        lastChange.SyncJobs.ShouldBe(assigned.SyncJobs + 2, "two AYON changes, two transmitter jobs");

        // 60 s of quiet: no new job on either side, no AYON write, no ftrack commit.
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Quiet)
        {
            var now = await w.CountersAsync();
            now.ShouldBe(lastChange, $"{clock.Elapsed.TotalSeconds:F0} s into the quiet window\n{await w.DescribeAsync()}");
            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        (await w.CountersAsync()).ShouldBe(lastChange);
    }
}
