using System.Text.Json.Nodes;
using AyonFtrack.Features.Actions;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Integration.Tests.Support;

namespace AyonFtrack.Integration.Tests.Processor;

/// <summary>"Multiple Notes" (P-04) end to end: the web client on the hub → leecher → AYON queue → processor → replies and ftrack notes.</summary>
public sealed class MultipleNotesActionTests
{
    private static readonly TimeSpan Deadline = ProcessorHarness.Deadline;

    [Fact]
    public async Task MultipleNotes_OnTwoVersions_OfferedFormThenOneNoteEachByTheUserWithTheCategory()
    {
        await using var actions = await ActionWorld.StartAsync();
        var world = actions.World;
        var jane = actions.User;
        var project = world.Ftrack.AddProject("proj_a");
        var shot = world.Ftrack.AddShot(world.Ftrack.AddSequence(project, "sq01"), "sh010");
        var asset = world.Ftrack.AddAsset(shot, "renderMain", "render");
        string[] versions = [world.Ftrack.AddAssetVersion(asset, 1), world.Ftrack.AddAssetVersion(asset, 2)];
        await using var processor = await InProcessProcessor.StartAsync(world, []);

        // Only a selection of versions offers it.
        var offered = await world.Hub.WaitForRepliesAsync(world.Hub.PublishAsWebClient(ServerAction.DiscoverTopic, Selection(versions)), 1, Deadline, CancellationToken.None);
        offered.SelectMany(r => r["data"]!["items"]!.AsArray()).OfType<JsonObject>()
            .ShouldContain(i => i["actionIdentifier"]!.GetValue<string>() == MultipleNotes.Action.Identifier);
        MultipleNotes.VersionIdsOf(FtrackEvent.Create("x", ServerAction.DiscoverTopic, Selection([versions[0], shot], "task"))).ShouldBeEmpty();

        var form = await ReplyAsync(world, world.Hub.PublishAsWebClient(ServerAction.LaunchTopic, Launch(versions)));
        form["items"]!.AsArray().Select(i => i!["name"]?.GetValue<string>()).OfType<string>().ShouldBe(["note", "category"]);
        var categories = form["items"]!.AsArray().Single(i => i!["name"]?.GetValue<string>() == "category")!["data"]!.AsArray();
        var feedback = categories.Single(c => c!["label"]!.GetValue<string>() == "Client feedback")!["value"]!.GetValue<string>();

        var skipped = await ReplyAsync(world, world.Hub.PublishAsWebClient(ServerAction.LaunchTopic, Launch(versions, new JsonObject { ["note"] = "  ", ["category"] = MultipleNotes.NoCategory })));
        skipped.ToJsonString().ShouldBe("""{"success":true,"message":"Note was not entered. Skipping"}""");

        var done = await ReplyAsync(world, world.Hub.PublishAsWebClient(ServerAction.LaunchTopic, Launch(versions, new JsonObject { ["note"] = "fix the flicker", ["category"] = feedback })));

        done["success"]!.GetValue<bool>().ShouldBeTrue(done.ToJsonString());
        foreach (var version in versions)
        {
            var note = world.Ftrack.QueryLocal($"select content, user_id, category_id, parent_type from Note where parent_id is \"{version}\"").ShouldHaveSingleItem()!;
            note["content"]!.GetValue<string>().ShouldBe("fix the flicker");
            note["user_id"]!.GetValue<string>().ShouldBe(jane.Id);
            note["category_id"]!.GetValue<string>().ShouldBe(feedback);
        }
    }

    private static JsonObject Selection(IEnumerable<string> ids, string type = "assetversion") =>
        new() { ["selection"] = new JsonArray([.. ids.Select(id => (JsonNode)new JsonObject { ["entityId"] = id, ["entityType"] = type })]) };

    private static JsonObject Launch(IEnumerable<string> versions, JsonObject? values = null)
    {
        var data = Selection(versions);
        data["actionIdentifier"] = MultipleNotes.Action.Identifier;
        if (values is not null)
        {
            data["values"] = values;
        }

        return data;
    }

    private static async Task<JsonObject> ReplyAsync(ServiceWorld world, string eventId) =>
        (await world.Hub.WaitForRepliesAsync(eventId, 1, Deadline, CancellationToken.None))[0]["data"]!.AsObject();
}
