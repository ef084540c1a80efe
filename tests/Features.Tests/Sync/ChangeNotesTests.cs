using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Sync;

namespace AyonFtrack.Features.Tests.Sync;

public sealed class ChangeNotesTests
{
    [Fact]
    public void From_NotesOnATaskAndAVersion_TextEditsOnly()
    {
        var e = SyncEvents.Update(
            SyncEvents.Item("add", "n-1", "note", "Note", SyncEvents.Task, SyncEvents.Change("text", null, "hi"), (SyncEvents.Task, "task", "Task", SyncEvents.Shot)),
            SyncEvents.Item("update", "n-2", "note", "Note", "av-1", SyncEvents.Change("text", "old", "new"), ("av-1", "assetversion", "AssetVersion", "asset-1")),
            SyncEvents.Item("update", "n-3", "note", "Note", SyncEvents.Task, SyncEvents.Change("is_todo", "0", "1"), (SyncEvents.Task, "task", "Task", SyncEvents.Shot)),
            SyncEvents.Item("add", "n-4", "note", "Note", "user-1", SyncEvents.Change("text", null, "on a user"), ("user-1", "user", "User", null)));

        var command = ChangeNotes.From(e).ShouldNotBeNull();

        command.Notes.ShouldBe(
        [
            new NoteChange("add", "n-1", SyncEvents.Task, false, null),
            new NoteChange("update", "n-2", "av-1", true, "old"),
        ]);
    }

    [Fact]
    public void Match_MetadataThenFtrackIdThenOldTextThenText()
    {
        ActivityNode[] comments = [Comment("a-1", "hello", null), Comment("a-2", "other", "n-9"), Comment("a-3", "edited", null), Comment("a-4", "linked", "n-1")];

        NoteDecide.Match(comments, "n-1", "a-1", null, "x")!.ActivityId.ShouldBe("a-1");
        NoteDecide.Match(comments, "n-1", null, "edited", "x")!.ActivityId.ShouldBe("a-4");
        NoteDecide.Match(comments, "n-5", null, "edited", "hello")!.ActivityId.ShouldBe("a-3");
        NoteDecide.Match(comments, "n-5", null, null, "hello")!.ActivityId.ShouldBe("a-1");
        // A comment linked to another note is never taken by text.
        NoteDecide.Match(comments, "n-5", null, null, "other").ShouldBeNull();
    }

    private static ActivityNode Comment(string id, string body, string? noteId) => new()
    {
        ActivityId = id, ActivityType = "comment", Body = body,
        ActivityData = noteId is null ? null : new JsonObject { ["ftrack"] = new JsonObject { ["id"] = noteId } }.ToJsonString(),
    };
}
