using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Integration.Tests.Support;

namespace AyonFtrack.Integration.Tests.Transmit;

/// <summary>T-09/T-10 end to end: AYON comments become ftrack Notes by the mapped user, once, across a restart.</summary>
public sealed class CommentSyncEndToEndTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static JsonArray NotesOn(TransmitterWorld w, string parentId) =>
        w.Ftrack.QueryLocal($"select id, content, user_id, parent_id, parent_type from Note where parent_id is \"{parentId}\"");

    private static Task WaitForNotesAsync(TransmitterWorld w, string parentId, int count) => ServiceWorld.WaitUntilAsync(
        () => Task.FromResult(NotesOn(w, parentId).Count >= count),
        TransmitterWorld.Deadline,
        $"{count} ftrack notes on {parentId}",
        () => Task.FromResult(NotesOn(w, parentId).ToJsonString()));

    [Fact]
    public async Task Comment_WrittenInAyon_BecomesOneNoteByTheMappedUserEvenAcrossARestart()
    {
        await using var w = await TransmitterWorld.StartAsync();
        var jane = w.Ftrack.AddUser("jane@studio.test", email: "jane@studio.test");
        await w.AyonEmulator.AddUserAsync("jane", null, new JsonObject(), new JsonObject { ["email"] = "jane@studio.test" }, None);
        await w.StartTransmitterAsync();

        string first;
        using (AyonImpersonation.As("jane"))
        {
            first = (await w.Ayon.CreateActivityAsync(TransmitterWorld.Project, "task", w.TaskId, new ActivityCreate { Body = "Needs more contrast" }, None)).Id;
        }

        await WaitForNotesAsync(w, w.FtrackTaskId, 1);
        var note = NotesOn(w, w.FtrackTaskId).ShouldHaveSingleItem()!;
        note["content"]!.GetValue<string>().ShouldBe("Needs more contrast");
        note["user_id"]!.GetValue<string>().ShouldBe(jane.Id);
        note["parent_type"]!.GetValue<string>().ShouldBe("TypedContext");
        var noteId = note["id"]!.GetValue<string>();
        w.Ftrack.QueryLocal($"select value from Metadata where parent_id is \"{noteId}\" and key is \"ayon_activity_id\"")
            .ShouldHaveSingleItem()!["value"]!.GetValue<string>().ShouldBe(first);
        await ServiceWorld.WaitUntilAsync(
            async () => (await w.AyonEmulator.GetActivitiesAsync(TransmitterWorld.Project, None)).Any(a => a.ToJsonString().Contains(noteId, StringComparison.Ordinal)),
            TransmitterWorld.Deadline,
            "the note id stored in the AYON activity data");
        // The run's marker is written after the activity data: stop only once it is there, or the restart could lose it.
        await ServiceWorld.WaitUntilAsync(
            async () => (await w.AyonEmulator.GetEventsAsync("ftrack.sync.comments", None)).Count >= 1,
            TransmitterWorld.Deadline,
            "the first run's marker");

        await w.StopTransmitterAsync();
        await w.StartTransmitterAsync();
        using (AyonImpersonation.As("jane"))
        {
            await w.Ayon.CreateActivityAsync(TransmitterWorld.Project, "folder", w.FolderId, new ActivityCreate { Body = "Shot approved" }, None);
        }

        await WaitForNotesAsync(w, w.FtrackShotId, 1);
        await ServiceWorld.WaitUntilAsync(
            async () => (await w.AyonEmulator.GetEventsAsync("ftrack.sync.comments", None)).Count >= 2,
            TransmitterWorld.Deadline,
            "a marker for each run that synced a comment");

        NotesOn(w, w.FtrackTaskId).Count.ShouldBe(1);
        NotesOn(w, w.FtrackShotId).ShouldHaveSingleItem()!["content"]!.GetValue<string>().ShouldBe("Shot approved");
        var markers = await w.AyonEmulator.GetEventsAsync("ftrack.sync.comments", None);
        markers.ShouldAllBe(m => m.Status == "finished" && m.Payload["synced_comments"]!.GetValue<int>() > 0);
    }

    [Fact]
    public async Task Comment_NoteCreatedButIdNotStoredBeforeACrash_IsLinkedNotDuplicatedAndEditsFollow()
    {
        await using var w = await TransmitterWorld.StartAsync();
        var activity = (await w.Ayon.CreateActivityAsync(TransmitterWorld.Project, "task", w.TaskId, new ActivityCreate { Body = "First pass" }, None)).Id;
        var noteId = w.Ftrack.AddNote(w.FtrackTaskId, "TypedContext", "First pass");
        w.Ftrack.Seed("Metadata", new JsonObject { ["parent_id"] = noteId, ["key"] = "ayon_activity_id", ["value"] = activity, ["parent_type"] = "Note" });
        await w.StartTransmitterAsync();

        await ServiceWorld.WaitUntilAsync(
            async () => (await w.AyonEmulator.GetActivitiesAsync(TransmitterWorld.Project, None)).Any(a => a.ToJsonString().Contains(noteId, StringComparison.Ordinal)),
            TransmitterWorld.Deadline,
            "the existing note's id stored in the AYON activity");
        NotesOn(w, w.FtrackTaskId).Count.ShouldBe(1);

        await w.Ayon.PatchActivityAsync(TransmitterWorld.Project, activity, new ActivityPatch { Body = "Second pass" }, None);
        await ServiceWorld.WaitUntilAsync(
            () => Task.FromResult(NotesOn(w, w.FtrackTaskId).ShouldHaveSingleItem()!["content"]!.GetValue<string>() == "Second pass"),
            TransmitterWorld.Deadline,
            "the edited comment body on the ftrack note");
    }
}
