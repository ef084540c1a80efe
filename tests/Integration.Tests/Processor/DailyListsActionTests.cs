using System.Text.Json.Nodes;
using AyonFtrack.Features.Actions;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Integration.Tests.Support;

namespace AyonFtrack.Integration.Tests.Processor;

/// <summary>"Create Daily Lists" (P-02) end to end: the automated run and the action, over the hub, the leecher, AYON's queue and the processor.</summary>
public sealed class DailyListsActionTests
{
    private static readonly TimeSpan Deadline = ProcessorHarness.Deadline;

    [Fact]
    public async Task DailyLists_AutomatedRunThenAction_TodaysDailiesListHoldsTheApprovedVersionsOnce()
    {
        await using var actions = await ActionWorld.StartAsync();
        var world = actions.World;
        var jane = actions.User;
        var dailies = world.Ftrack.Seed("ListCategory", new JsonObject { ["name"] = "Dailies" });
        var project = world.Ftrack.AddProject("proj_a");
        var asset = world.Ftrack.AddAsset(world.Ftrack.AddShot(world.Ftrack.AddSequence(project, "sq01"), "sh010"), "renderMain", "render");
        string[] approved = [world.Ftrack.AddAssetVersion(asset, 1, statusName: "Approved"), world.Ftrack.AddAssetVersion(asset, 2, statusName: "Approved")];
        world.Ftrack.AddAssetVersion(asset, 3, statusName: "Pending Review");
        await world.Ayon.SeedProjectAsync("proj_a", "proj_a", CancellationToken.None);
        await world.Ayon.SetProjectAddonSettingsAsync("ftrack", ServiceWorld.AddonVersion, "production", "proj_a", new JsonObject
        {
            ["service_event_handlers"] = new JsonObject { ["create_daily_lists"] = new JsonObject { ["enabled"] = true } },
        }, CancellationToken.None);
        await using var processor = await InProcessProcessor.StartAsync(world, []);
        var name = DailyListsDecide.FillName("{yy}{mm}{dd}", DateTime.Now.Date);

        // The timer's event: every enabled project gets its cycle lists (the default: Dailies "yymmdd" of Approved versions).
        world.Hub.PublishAsWebClient(DailyLists.AutomatedTopic, new JsonObject());
        await ServiceWorld.WaitUntilAsync(() => Task.FromResult(Members(world, name!, dailies).Count == 2), Deadline, "today's Dailies list");
        Members(world, name!, dailies).Order().ShouldBe(approved.Order());

        // The action on the project: offered, its form lists the preset, and checking it adds nothing new.
        var discover = world.Hub.PublishAsWebClient(ServerAction.DiscoverTopic, Selection(project));
        await ServiceWorld.WaitUntilAsync(
            () => Task.FromResult(world.Hub.RepliesTo(discover).SelectMany(r => r["data"]!["items"]!.AsArray()).OfType<JsonObject>()
                .Any(i => i["actionIdentifier"]!.GetValue<string>() == DailyLists.Action.Identifier)),
            Deadline,
            "the Create Daily Lists item");
        var form = await ReplyAsync(world, world.Hub.PublishAsWebClient(ServerAction.LaunchTopic, Launch(project)));
        var items = form["items"]!.AsArray().OfType<JsonObject>().ToList();
        var checkbox = items.Single(i => i["type"]!.GetValue<string>() == "boolean")["name"]!.GetValue<string>();
        var values = new JsonObject { [checkbox] = true, ["action_lists"] = items.Single(i => i["name"]?.GetValue<string>() == "action_lists")["value"]!.DeepClone() };

        var done = await ReplyAsync(world, world.Hub.PublishAsWebClient(ServerAction.LaunchTopic, Launch(project, values)));

        done["success"]!.GetValue<bool>().ShouldBeTrue(done.ToJsonString());
        done["message"]!.GetValue<string>().ShouldBe("Daily lists: 0 versions added.");
        world.Ftrack.QueryLocal($"select id from List where name is \"{name}\"").Count.ShouldBe(1);
        Members(world, name!, dailies).Count.ShouldBe(2);
    }

    private static List<string> Members(ServiceWorld world, string name, string category)
    {
        var list = world.Ftrack.QueryLocal($"select id from List where name is \"{name}\" and category_id is \"{category}\"");
        return list.Count == 0
            ? []
            : [.. world.Ftrack.QueryLocal($"select entity_id from ListObject where list_id is \"{list[0]!["id"]!.GetValue<string>()}\"").Select(o => o!["entity_id"]!.GetValue<string>())];
    }

    private static JsonObject Selection(string project) =>
        new() { ["selection"] = new JsonArray(new JsonObject { ["entityId"] = project, ["entityType"] = "show" }) };

    private static JsonObject Launch(string project, JsonObject? values = null)
    {
        var data = Selection(project);
        data["actionIdentifier"] = DailyLists.Action.Identifier;
        if (values is not null)
        {
            data["values"] = values;
        }

        return data;
    }

    private static async Task<JsonObject> ReplyAsync(ServiceWorld world, string eventId) =>
        (await world.Hub.WaitForRepliesAsync(eventId, 1, Deadline, CancellationToken.None))[0]["data"]!.AsObject();
}
