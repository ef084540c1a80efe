using System.Text.Json.Nodes;
using AyonFtrack.Features.Desktop;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Integration.Tests.Client;

/// <summary>
/// The artist's review and admin actions through a real <c>serve</c> over both emulators: Sort Review (U-04), Job Killer
/// (U-11), Multiple Notes (U-12), Thumbnail to Children (U-14) and to Parent (U-15): what the menu offers for which
/// selection and role, the form round trips, the resulting ftrack state, the Jobs' final status and the readable
/// refusals of bad input.
/// </summary>
public sealed class DesktopReviewActionsTests
{
    [Fact]
    public async Task SortReview_ReviewSession_ObjectsOrderedByNameTaskVersion_JobDone_MixedSelectionRefused()
    {
        await using var world = await DesktopWorld.StartAsync();
        var ftrack = world.Ftrack;
        var asset = ftrack.AddAsset(world.ShotFtrackId, "plateMain");
        var onComp = ftrack.AddAssetVersion(asset, 1, world.TaskIds["comp"]);
        var onLayout = ftrack.AddAssetVersion(asset, 2, world.TaskIds["layout"]);
        var noTask = ftrack.AddAssetVersion(asset, 3);
        var review = ftrack.AddReviewSession(world.ProjectFtrackId, "client 0101");
        // Listed in this order with these sort_order values; the rule orders them name → task (none last) → version text.
        var objects = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["b/comp/v002"] = ftrack.AddReviewSessionObject(review, onComp, "b", "v002", 10),
            ["a/none/v001"] = ftrack.AddReviewSessionObject(review, noTask, "a", "v001", 40),
            ["a/layout/v001"] = ftrack.AddReviewSessionObject(review, onLayout, "a", "v001", 20),
            ["a/comp/v003"] = ftrack.AddReviewSessionObject(review, onComp, "a", "v003", 30),
            ["a/comp/v001"] = ftrack.AddReviewSessionObject(review, onComp, "a", "v001", 50),
        };
        await using var desk = await world.ServeAsync(ayonApiKey: DesktopWorld.AyonArtistKey);
        var selection = DesktopWorld.Selection((review, "reviewsession"));

        (await desk.OfferedAsync(selection)).ShouldContain(SortReview.Action.Menu.Identifier);
        (await desk.OfferedAsync(DesktopWorld.Selection((world.TaskIds["comp"], "task")))).ShouldNotContain(SortReview.Action.Menu.Identifier);
        var mixed = await desk.LaunchAsync(SortReview.Action.Menu.Identifier, DesktopWorld.Selection((review, "reviewsession"), (world.TaskIds["comp"], "task")));
        var reply = await desk.LaunchAsync(SortReview.Action.Menu.Identifier, selection);

        ((bool?)mixed["success"]).ShouldBe(false);
        ((string?)mixed["message"]).ShouldBe("Select only review sessions to sort.");
        ((bool?)reply["success"]).ShouldBe(true, reply.ToJsonString());
        ((string?)reply["message"]).ShouldBe("Client Review sorted!");
        var order = ftrack.QueryLocal($"select id, sort_order from ReviewSessionObject where review_session_id is \"{review}\"")
            .OrderBy(o => (double)o!["sort_order"]!).Select(o => objects.Single(p => p.Value == (string)o!["id"]!).Key);
        order.ShouldBe(["a/comp/v001", "a/comp/v003", "a/layout/v001", "a/none/v001", "b/comp/v002"]);
        world.JobsStartingWith("Sort review sessions").ShouldHaveSingleItem().Status.ShouldBe("done");
    }

    [Fact]
    public async Task JobKiller_OnlyForAdministrators_FormListsRunningJobs_TickedOnesFail()
    {
        await using var world = await DesktopWorld.StartAsync();
        var ftrack = world.Ftrack;
        var stuck = ftrack.AddJob(world.Artists[DesktopWorld.ArtistTwo].Id, "running", "Stuck publish");
        var queued = ftrack.AddJob(null, "queued", "Waiting sync");
        var finished = ftrack.AddJob(world.Artists[DesktopWorld.ArtistTwo].Id, "done", "Old job");
        await using var desk = await world.ServeAsync(ayonApiKey: DesktopWorld.AyonArtistKey);
        var selection = DesktopWorld.Selection((world.ShotFtrackId, "task"));
        var identifier = JobKiller.Action.Menu.Identifier;

        (await desk.OfferedAsync(selection)).ShouldNotContain(identifier);
        var refused = await desk.LaunchAsync(identifier, selection);
        world.GrantRole(DesktopWorld.ArtistOne, "Administrator");
        var offered = await desk.OfferedAsync(selection);
        var form = await desk.LaunchAsync(identifier, selection);
        var nothing = await desk.LaunchAsync(identifier, selection, new JsonObject { [stuck] = false, [queued] = false });
        var killed = await desk.LaunchAsync(identifier, selection, new JsonObject { [stuck] = true, [queued] = false });

        ((bool?)refused["success"]).ShouldBe(false);
        ((string?)refused["message"]).ShouldNotBeNull().ShouldContain("AYON Admin - Job Killer");
        offered.ShouldContain(identifier);
        var items = form["items"].ShouldNotBeNull(form.ToJsonString()).AsArray();
        ((string?)form["title"]).ShouldBe("Select jobs to kill");
        items.Where(i => (string?)i!["type"] == "boolean").Select(i => (string?)i!["name"]).Order(StringComparer.Ordinal).ShouldBe(new[] { stuck, queued }.Order(StringComparer.Ordinal));
        var labels = items.Where(i => (string?)i!["type"] == "label").Select(i => (string?)i!["value"]).ToList();
        labels.ShouldContain(v => v != null && v.StartsWith($"{DesktopWorld.ArtistTwo} - Stuck publish - ", StringComparison.Ordinal));
        labels.ShouldContain(v => v != null && v.StartsWith($"{ftrack.ApiUser} - Waiting sync - ", StringComparison.Ordinal));
        ((string?)nothing["message"]).ShouldBe("No jobs were selected; nothing was killed.");
        ((bool?)killed["success"]).ShouldBe(true, killed.ToJsonString());
        ((string?)killed["message"]).ShouldBe("All selected jobs were killed Successfully!");
        ftrack.GetEntity("Job", stuck)!["status"]!.GetValue<string>().ShouldBe("failed");
        ftrack.GetEntity("Job", queued)!["status"]!.GetValue<string>().ShouldBe("queued");
        ftrack.GetEntity("Job", finished)!["status"]!.GetValue<string>().ShouldBe("done");
    }

    [Fact]
    public async Task MultipleNotes_VersionsAndTasks_NoteBySessionUserOnEach_EmptyNoteRefused()
    {
        await using var world = await DesktopWorld.StartAsync();
        var ftrack = world.Ftrack;
        var version = ftrack.AddAssetVersion(ftrack.AddAsset(world.ShotFtrackId, "plateMain"), 1, world.TaskIds["comp"]);
        var category = ftrack.Seed("NoteCategory", new JsonObject { ["name"] = "Client feedback", ["sort"] = 10, ["color"] = "#FF0000" });
        await using var desk = await world.ServeAsync(ayonApiKey: DesktopWorld.AyonArtistKey);
        var identifier = MultipleNotes.Action.Menu.Identifier;
        var selection = DesktopWorld.Selection((version, "assetversion"), (world.TaskIds["layout"], "task"));

        (await desk.OfferedAsync(selection)).ShouldContain(identifier);
        (await desk.OfferedAsync(DesktopWorld.Selection((world.TaskIds["layout"], "task")))).ShouldNotContain(identifier);
        (await desk.OfferedAsync(DesktopWorld.Selection((world.TaskIds["layout"], "task"), (world.ShotFtrackId, "task")))).ShouldNotContain(identifier);
        var form = await desk.LaunchAsync(identifier, selection);
        var empty = await desk.LaunchAsync(identifier, selection, new JsonObject { ["note"] = "  ", ["category"] = "none" });
        var mixed = await desk.LaunchAsync(identifier, DesktopWorld.Selection((version, "assetversion"), (world.ShotFtrackId, "task")), new JsonObject { ["note"] = "x", ["category"] = "none" });
        var added = await desk.LaunchAsync(identifier, selection, new JsonObject { ["note"] = "Please check the edges", ["category"] = category });

        var categories = form["items"]!.AsArray().Single(i => (string?)i!["name"] == "category")!["data"]!.AsArray().Select(d => (string?)d!["value"]).ToList();
        categories[0].ShouldBe("none");
        categories.ShouldContain(category);
        ((bool?)empty["success"]).ShouldBe(false);
        ((string?)empty["message"]).ShouldBe("No note was entered; nothing was added.");
        ((bool?)mixed["success"]).ShouldBe(false);
        ((string?)mixed["message"]).ShouldStartWith("Select two or more versions or tasks");
        ((bool?)added["success"]).ShouldBe(true, added.ToJsonString());
        var notes = ftrack.QueryLocal("select content, parent_id, parent_type, user_id, category_id from Note");
        notes.Select(n => $"{n!["parent_id"]} {n["parent_type"]} {n["content"]} {n["user_id"]} {n["category_id"]}").Order(StringComparer.Ordinal).ShouldBe(new[]
        {
            $"{version} AssetVersion Please check the edges {world.Artists[DesktopWorld.ArtistOne].Id} {category}",
            $"{world.TaskIds["layout"]} TypedContext Please check the edges {world.Artists[DesktopWorld.ArtistOne].Id} {category}",
        }.Order(StringComparer.Ordinal));
        world.JobsStartingWith("Add note to multiple entities").ShouldHaveSingleItem().Status.ShouldBe("done");
    }

    [Fact]
    public async Task ThumbnailToChildren_ShotsThumbnailOnItsTasks_WithoutThumbnailNamedAndJobFailed()
    {
        await using var world = await DesktopWorld.StartAsync();
        var ftrack = world.Ftrack;
        var thumbnail = ftrack.AddFileComponent(null, "thumbnail", ".jpg", FtrackLocationIds.Server, bytes: [0xFF, 0xD8, 0xFF]);
        ftrack.SeedUpdate("Shot", world.ShotFtrackId, new JsonObject { ["thumbnail_id"] = thumbnail });
        var sequence = (string)ftrack.GetEntity("Shot", world.ShotFtrackId)!["parent_id"]!;
        var version = ftrack.AddAssetVersion(ftrack.AddAsset(world.ShotFtrackId, "plateMain"), 1);
        await using var desk = await world.ServeAsync(ayonApiKey: DesktopWorld.AyonArtistKey);
        var identifier = ThumbnailToChildren.Action.Menu.Identifier;

        (await desk.OfferedAsync(DesktopWorld.Selection((world.ShotFtrackId, "task")))).ShouldContain(identifier);
        (await desk.OfferedAsync(DesktopWorld.Selection((world.ProjectFtrackId, "show")))).ShouldNotContain(identifier);
        (await desk.OfferedAsync(DesktopWorld.Selection((version, "assetversion")))).ShouldNotContain(identifier);
        var done = await desk.LaunchAsync(identifier, DesktopWorld.Selection((world.ShotFtrackId, "task")));
        var none = await desk.LaunchAsync(identifier, DesktopWorld.Selection((sequence, "task")));

        ((bool?)done["success"]).ShouldBe(true, done.ToJsonString());
        ((string?)done["message"]).ShouldBe("Thumbnail set on 3 child entities.");
        world.TaskIds.Values.ShouldAllBe(task => (string?)ftrack.GetEntity("Task", task)!["thumbnail_id"] == thumbnail);
        ((bool?)none["success"]).ShouldBe(false);
        ((string?)none["message"]).ShouldBe("Thumbnail set on 0 child entities. Skipped: sq010 has no thumbnail.");
        world.JobsStartingWith("Push thumbnails to children").Select(j => j.Status).ShouldBe(["done", "failed"]);
    }

    [Fact]
    public async Task ThumbnailToParent_TaskToShot_VersionWithoutTaskToItsContext_MissingThumbnailChangesNothing()
    {
        await using var world = await DesktopWorld.StartAsync();
        var ftrack = world.Ftrack;
        var taskThumbnail = ftrack.AddFileComponent(null, "thumbnail", ".jpg", FtrackLocationIds.Server, bytes: [1]);
        var versionThumbnail = ftrack.AddFileComponent(null, "thumbnail", ".jpg", FtrackLocationIds.Server, bytes: [2]);
        ftrack.SeedUpdate("Task", world.TaskIds["comp"], new JsonObject { ["thumbnail_id"] = taskThumbnail });
        var sequence = (string)ftrack.GetEntity("Shot", world.ShotFtrackId)!["parent_id"]!;
        var version = ftrack.AddAssetVersion(ftrack.AddAsset(sequence, "edit"), 1);
        ftrack.SeedUpdate("AssetVersion", version, new JsonObject { ["thumbnail_id"] = versionThumbnail });
        await using var desk = await world.ServeAsync(ayonApiKey: DesktopWorld.AyonArtistKey);
        var identifier = ThumbnailToParent.Action.Menu.Identifier;

        (await desk.OfferedAsync(DesktopWorld.Selection((version, "assetversion")))).ShouldContain(identifier);
        (await desk.OfferedAsync(DesktopWorld.Selection((world.ProjectFtrackId, "show")))).ShouldNotContain(identifier);
        var refused = await desk.LaunchAsync(identifier, DesktopWorld.Selection((world.TaskIds["comp"], "task"), (world.TaskIds["fx"], "task")));
        var shotBefore = (string?)ftrack.GetEntity("Shot", world.ShotFtrackId)!["thumbnail_id"];
        var done = await desk.LaunchAsync(identifier, DesktopWorld.Selection((world.TaskIds["comp"], "task"), (version, "assetversion")));

        ((bool?)refused["success"]).ShouldBe(false);
        ((string?)refused["message"]).ShouldBe("Nothing was changed: fx has no thumbnail.");
        shotBefore.ShouldBeNull();
        ((bool?)done["success"]).ShouldBe(true, done.ToJsonString());
        ((string?)ftrack.GetEntity("Shot", world.ShotFtrackId)!["thumbnail_id"]).ShouldBe(taskThumbnail);
        ((string?)ftrack.GetEntity("Sequence", sequence)!["thumbnail_id"]).ShouldBe(versionThumbnail);
        world.JobsStartingWith("Push thumbnails to parents").Select(j => j.Status).ShouldBe(["failed", "done"]);
    }
}
