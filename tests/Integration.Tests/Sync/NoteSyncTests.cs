using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Sync;

namespace AyonFtrack.Integration.Tests.Sync;

/// <summary>ftrack Notes → AYON comments (P-17) through the processor's slices, over both emulators.</summary>
public sealed class NoteSyncTests
{
    [Fact]
    public async Task Dispatch_NoteAddedEditedRemovedOnATask_AyonCommentByTheMappedAuthorFollowsAndReplaysWriteNothing()
    {
        await using var world = await SyncedWorldAsync();
        var task = await TaskAsync(world, world.CompTaskId);
        var noteId = Guid.NewGuid().ToString();

        var (added, report) = await world.CommitAndDispatchAsync(s => s.Create("Note", new Dictionary<string, object?>
        {
            ["id"] = noteId, ["content"] = "Please fix the edge", ["parent_id"] = world.CompTaskId, ["parent_type"] = "TypedContext", ["user_id"] = world.ArtistId,
        }));

        report.Succeeded.ShouldBeTrue(report.FailureSummary);
        report.Outcomes.Select(o => o.Slice).ShouldContain("Sync.ChangeNotes");
        var comment = (await CommentsAsync(world, task.Id)).ShouldHaveSingleItem();
        comment.Body.ShouldBe("Please fix the edge");
        comment.Author!.Name.ShouldBe("jane");
        NoteDecide.NoteIdOf(comment).ShouldBe(noteId);
        world.World.Ftrack.QueryLocal($"select value from Metadata where parent_id is \"{noteId}\" and key is \"ayon_activity_id\"")
            .ShouldHaveSingleItem()!["value"]!.GetValue<string>().ShouldBe(comment.ActivityId);
        var writes = world.AyonWrites;
        (await world.DispatchAsync(added)).Succeeded.ShouldBeTrue();
        world.AyonWrites.ShouldBe(writes);

        (await world.CommitAndDispatchAsync(s => s.Update(FtrackEntityRef.Of("Note", noteId), new Dictionary<string, object?> { ["content"] = "Please fix the left edge" })))
            .Report.Succeeded.ShouldBeTrue();
        var edited = (await CommentsAsync(world, task.Id)).ShouldHaveSingleItem();
        edited.ActivityId.ShouldBe(comment.ActivityId);
        edited.Body.ShouldBe("Please fix the left edge");

        (await world.CommitAndDispatchAsync(s => s.Delete(FtrackEntityRef.Of("Note", noteId)))).Report.Succeeded.ShouldBeTrue();
        (await CommentsAsync(world, task.Id)).ShouldBeEmpty();
    }

    /// <summary>A note on an AssetVersion lands on the AYON version linked to it; an AYON comment with the note's text is adopted, not duplicated.</summary>
    [Fact]
    public async Task Dispatch_NoteOnAnAssetVersionWhoseTextAyonHas_CommentLinkedNotDuplicated()
    {
        await using var world = await SyncedWorldAsync();
        var shot = await FolderAsync(world, world.Shot1Id);
        var asset = world.World.Ftrack.AddAsset(world.Shot1Id, "renderMain", "render");
        var version = world.World.Ftrack.AddAssetVersion(asset, 1);
        var product = await world.World.Ayon.AddProductAsync(SyncWorld.ProjectName, shot.Id, "renderMain", "render", CancellationToken.None);
        var ayonVersion = await world.World.Ayon.AddEntityAsync(SyncWorld.ProjectName, "version",
            new JsonObject { ["version"] = 1, ["productId"] = product, ["attrib"] = new JsonObject { ["ftrackId"] = version } }, CancellationToken.None);
        var (_, ayon, _, scope) = world.Scope();
        await using (scope)
        {
            await ayon.CreateActivityAsync(SyncWorld.ProjectName, "version", ayonVersion, new ActivityCreate { Body = "Looks good" }, CancellationToken.None);
        }

        var noteId = Guid.NewGuid().ToString();
        var (_, report) = await world.CommitAndDispatchAsync(s => s.Create("Note", new Dictionary<string, object?>
        {
            ["id"] = noteId, ["content"] = "Looks good", ["parent_id"] = version, ["parent_type"] = "AssetVersion", ["user_id"] = world.ArtistId,
        }));

        report.Succeeded.ShouldBeTrue(report.FailureSummary);
        var comment = (await CommentsAsync(world, ayonVersion)).ShouldHaveSingleItem();
        NoteDecide.NoteIdOf(comment).ShouldBe(noteId);
    }

    private static async Task<SyncWorld> SyncedWorldAsync()
    {
        var world = await SyncWorld.StartAsync();
        try
        {
            await world.World.Ayon.AddUserAsync("jane", null, new JsonObject(), new JsonObject { ["email"] = "jane@studio.test" }, CancellationToken.None);
            await world.FullSyncAsync();
            return world;
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    private static async Task<IReadOnlyList<ActivityNode>> CommentsAsync(SyncWorld world, string entityId)
    {
        var (_, ayon, _, scope) = world.Scope();
        await using (scope)
        {
            return await ayon.ListActivitiesAsync(SyncWorld.ProjectName, new ActivityFilter(DateTimeOffset.MinValue, ["comment"], [entityId]), CancellationToken.None);
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
