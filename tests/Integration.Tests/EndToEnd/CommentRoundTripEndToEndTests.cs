using System.Diagnostics;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Sync;
using AyonFtrack.Integration.Tests.Support;

namespace AyonFtrack.Integration.Tests.EndToEnd;

/// <summary>
/// Comments both ways with every service running: a note written in ftrack becomes one AYON comment by its author (the
/// processor's note sync), a comment written in AYON becomes one ftrack note (the transmitter's comment sync), and
/// neither comes back as a second note or comment while the comment sync keeps running (every second here).
/// </summary>
public sealed class CommentRoundTripEndToEndTests
{
    /// <summary>Ten runs of the comment sync.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AllServices_NoteInFtrackThenCommentInAyon_EachArrivesOnceAndNothingIsDuplicated()
    {
        await using var w = await EndToEndWorld.StartAsync();
        await w.StartServicesAsync(transmitter: true);
        var show = await FtrackShow.BuildAsync(w);
        await w.CommitAsync(s => s.SetCustomAttribute(FtrackEntityRef.Of("Project", w.ProjectId), w.AutoSyncConfigurationId, true));
        await w.SettleAsync("the full sync");
        var comp = (await w.TaskAsync(show.CompTask))!;

        var noteId = Guid.NewGuid().ToString();
        await w.CommitAsync(s => s.Create("Note", new Dictionary<string, object?>
        {
            ["id"] = noteId, ["content"] = "From ftrack", ["parent_id"] = show.CompTask, ["parent_type"] = "TypedContext", ["user_id"] = w.JaneFtrackId,
        }));
        await ServiceWorld.WaitUntilAsync(
            async () => (await CommentsAsync(w, comp.Id)).Any(c => c.Body == "From ftrack"),
            EndToEndWorld.Deadline,
            "the ftrack note as an AYON comment",
            w.DescribeAsync);
        var fromFtrack = (await CommentsAsync(w, comp.Id)).Single(c => c.Body == "From ftrack");
        fromFtrack.Author!.Name.ShouldBe("jane");
        NoteDecide.NoteIdOf(fromFtrack).ShouldBe(noteId);

        await w.ArtistAyon.CreateActivityAsync(EndToEndWorld.ProjectName, "task", comp.Id, new ActivityCreate { Body = "From AYON" }, CancellationToken.None);
        await ServiceWorld.WaitUntilAsync(
            () => Task.FromResult(Notes(w, show.CompTask).Any(n => n.Content == "From AYON")),
            EndToEndWorld.Deadline,
            "the AYON comment as an ftrack note",
            w.DescribeAsync);
        await w.SettleAsync("the comment round trip");

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Quiet)
        {
            string[] expected = ["From AYON", "From ftrack"];
            Notes(w, show.CompTask).Select(n => n.Content).Order().ToArray().ShouldBe(expected, $"{clock.Elapsed.TotalSeconds:F0} s into the quiet window");
            (await CommentsAsync(w, comp.Id)).Select(c => c.Body).Order().ToArray().ShouldBe(expected, $"{clock.Elapsed.TotalSeconds:F0} s into the quiet window");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var comments = await CommentsAsync(w, comp.Id);
        comments.Select(NoteDecide.NoteIdOf).OfType<string>().Order().ToArray().ShouldBe([.. Notes(w, show.CompTask).Select(n => n.Id).Order()], "each comment is linked to its note");
    }

    private static async Task<IReadOnlyList<ActivityNode>> CommentsAsync(EndToEndWorld w, string taskId) =>
        await w.ArtistAyon.ListActivitiesAsync(EndToEndWorld.ProjectName, new ActivityFilter(DateTimeOffset.MinValue, ["comment"], [taskId]), CancellationToken.None);

    private static List<(string Id, string? Content)> Notes(EndToEndWorld w, string parentId) =>
        [.. w.Ftrack.QueryLocal($"select id, content from Note where parent_id is \"{parentId}\"").Select(n => (n!["id"]!.GetValue<string>(), n["content"]?.GetValue<string>()))];
}
