using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Integration.Tests.Sync;

/// <summary>
/// Issue 14 (1): events wait in the queue while later changes happen. Each test commits changes in ftrack, keeps the
/// events the emulator published (as the leecher stores them while the processor is down) and dispatches them in order
/// afterwards: the sync reads where an entity is now from ftrack, the event's <c>parents</c> are only a hint.
/// </summary>
public sealed class QueuedBehindMoveTests
{
    [Fact]
    public async Task Dispatch_TaskStatusQueuedBehindItsShotsMove_StatusAndMoveReachAyon()
    {
        await using var world = await SyncWorld.StartAsync();
        var sequence2 = await SyncWithSecondSequenceAsync(world);
        var status = await world.CommitAndCaptureAsync(s => s.Update(
            FtrackEntityRef.Of("Task", world.CompTaskId), new Dictionary<string, object?> { ["status_id"] = world.World.Ftrack.StatusId("Approved") }));
        var move = await world.CommitAndCaptureAsync(s => s.Update(
            FtrackEntityRef.Of("Shot", world.Shot1Id), new Dictionary<string, object?> { ["parent_id"] = sequence2 }));

        var first = await world.DispatchAsync(status);
        var second = await world.DispatchAsync(move);

        first.Succeeded.ShouldBeTrue(first.FailureSummary);
        second.Succeeded.ShouldBeTrue(second.FailureSummary);
        (await TaskAsync(world, world.CompTaskId)).Status.ShouldBe("Approved");
        (await FolderAsync(world, world.Shot1Id)).Path.ShouldBe("/sq02/sh010");
        (await world.DriftAsync()).ShouldBeEmpty();
        var writes = world.AyonWrites;
        (await world.DispatchAsync(status)).Succeeded.ShouldBeTrue();
        (await world.DispatchAsync(move)).Succeeded.ShouldBeTrue();
        world.AyonWrites.ShouldBe(writes);
    }

    [Fact]
    public async Task Dispatch_ShotCreatedThenMovedBeforeProcessing_CreatedUnderItsCurrentSequence()
    {
        await using var world = await SyncWorld.StartAsync();
        var sequence2 = await SyncWithSecondSequenceAsync(world);
        string shot = "", task = "";
        var created = await world.CommitAndCaptureAsync(s =>
        {
            shot = s.Create("Shot", new Dictionary<string, object?> { ["name"] = "sh030", ["parent_id"] = world.SequenceId }).Id;
            task = s.Create("Task", new Dictionary<string, object?> { ["name"] = "lighting", ["parent_id"] = shot, ["type_id"] = world.World.Ftrack.TypeId("Lighting") }).Id;
        });
        var moved = await world.CommitAndCaptureAsync(s => s.Update(FtrackEntityRef.Of("Shot", shot), new Dictionary<string, object?> { ["parent_id"] = sequence2 }));

        var first = await world.DispatchAsync(created);
        var second = await world.DispatchAsync(moved);

        first.Succeeded.ShouldBeTrue(first.FailureSummary);
        second.Succeeded.ShouldBeTrue(second.FailureSummary);
        var folder = await FolderAsync(world, shot);
        folder.Path.ShouldBe("/sq02/sh030");
        (await TaskAsync(world, task)).FolderId.ShouldBe(folder.Id);
        world.World.Ftrack.GetCustomAttributeValue(world.AyonIdConfigurationId, shot)!.GetValue<string>().ShouldBe(folder.Id);
        (await world.DriftAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Dispatch_ShotMovedUnderANewSequenceBeforeItsCreationIsProcessed_BothCreated()
    {
        await using var world = await SyncWorld.StartAsync();
        _ = await SyncWithSecondSequenceAsync(world);
        string shot = "", sequence = "";
        var created = await world.CommitAndCaptureAsync(s => shot = s.Create("Shot", new Dictionary<string, object?> { ["name"] = "sh040", ["parent_id"] = world.SequenceId }).Id);
        var sequenceCreated = await world.CommitAndCaptureAsync(s => sequence = s.Create("Sequence", new Dictionary<string, object?> { ["name"] = "sq03", ["parent_id"] = world.ProjectId }).Id);
        var moved = await world.CommitAndCaptureAsync(s => s.Update(FtrackEntityRef.Of("Shot", shot), new Dictionary<string, object?> { ["parent_id"] = sequence }));

        foreach (var e in new[] { created, sequenceCreated, moved })
        {
            var report = await world.DispatchAsync(e);
            report.Succeeded.ShouldBeTrue(report.FailureSummary);
        }

        (await FolderAsync(world, shot)).Path.ShouldBe("/sq03/sh040");
        (await FolderAsync(world, sequence)).Path.ShouldBe("/sq03");
        (await world.DriftAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Dispatch_StatusOfATaskDeletedSinceInFtrack_NoOpThatSucceeds()
    {
        await using var world = await SyncWorld.StartAsync();
        _ = await SyncWithSecondSequenceAsync(world);
        var status = await world.CommitAndCaptureAsync(s => s.Update(
            FtrackEntityRef.Of("Task", world.AnimTaskId), new Dictionary<string, object?> { ["status_id"] = world.World.Ftrack.StatusId("Approved") }));
        // The stored values go first: the emulator's delete cascade would follow a value row's configuration_id.
        var values = world.World.Ftrack.QueryLocal($"select configuration_id from CustomAttributeValue where entity_id is \"{world.AnimTaskId}\"");
        await world.CommitAsync(s =>
        {
            foreach (var row in values)
            {
                s.DeleteCustomAttributeValue(row!["configuration_id"]!.GetValue<string>(), world.AnimTaskId);
            }

            s.Delete(FtrackEntityRef.Of("Task", world.AnimTaskId));
        });
        var writes = world.AyonWrites;

        var report = await world.DispatchAsync(status);

        report.Succeeded.ShouldBeTrue(report.FailureSummary);
        world.AyonWrites.ShouldBe(writes);
    }

    /// <summary>
    /// Issue 14 (6): an artist creates a task in AYON, the transmitter creates it in ftrack (with <c>ayon_id</c>), the
    /// artist deletes it a second later. The ftrack creation event that follows must not bring the AYON task back.
    /// </summary>
    [Fact]
    public async Task Dispatch_CreationOfATaskAyonDeletedSince_NotCreatedAgain()
    {
        await using var world = await SyncWorld.StartAsync();
        _ = await SyncWithSecondSequenceAsync(world);
        var (_, ayon, _, scope) = world.Scope();
        await using (scope)
        {
            var folder = (await ayon.FindFoldersByFtrackIdAsync(SyncWorld.ProjectName, [world.Shot1Id], CancellationToken.None)).Single();
            var created = await ayon.CreateTaskAsync(SyncWorld.ProjectName, new AyonFtrack.Features.Ayon.Entities.TaskCreate { Name = "fx", TaskType = "Compositing", FolderId = folder.Id }, CancellationToken.None);
            string task = "";
            var pushed = await world.CommitAndCaptureAsync(s =>
            {
                task = s.Create("Task", new Dictionary<string, object?> { ["name"] = "fx", ["parent_id"] = world.Shot1Id, ["type_id"] = world.World.Ftrack.TypeId("Compositing") }).Id;
                s.SetCustomAttribute(FtrackEntityRef.Of("Task", task), world.AyonIdConfigurationId, created.Id);
            });
            await ayon.DeleteTaskAsync(SyncWorld.ProjectName, created.Id, CancellationToken.None);
            var writes = world.AyonWrites;

            var report = await world.DispatchAsync(pushed);

            report.Succeeded.ShouldBeTrue(report.FailureSummary);
            (await ayon.FindTasksByFtrackIdAsync(SyncWorld.ProjectName, [task], CancellationToken.None)).ShouldBeEmpty();
            world.AyonWrites.ShouldBe(writes);
        }
    }

    /// <summary>Adds a second sequence <c>sq02</c>, runs the full sync (drift empty) and returns sq02's id.</summary>
    private static async Task<string> SyncWithSecondSequenceAsync(SyncWorld world)
    {
        var sequence2 = world.World.Ftrack.AddSequence(world.ProjectId, "sq02");
        await world.World.Ayon.AddUserAsync("jane", null, new JsonObject(), new JsonObject { ["email"] = "jane@studio.test" }, CancellationToken.None);
        await world.FullSyncAsync();
        (await world.DriftAsync()).ShouldBeEmpty();
        return sequence2;
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
