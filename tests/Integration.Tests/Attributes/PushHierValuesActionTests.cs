using System.Text.Json.Nodes;
using AyonFtrack.Features.Attributes;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Integration.Tests.Processor;
using AyonFtrack.Integration.Tests.Support;
using AyonFtrack.Sandbox.Ftrack.Hub;

namespace AyonFtrack.Integration.Tests.Attributes;

/// <summary>"Push Hierarchical values To Non-Hierarchical" (P-09) end to end: the web client on the hub → leecher → AYON queue → processor → reply, Job and values.</summary>
public sealed class PushHierValuesActionTests
{
    private static readonly TimeSpan Deadline = ProcessorHarness.Deadline;

    [Fact]
    public async Task PushHierValues_OnTheProject_ShotAndTaskTakeTheShotValueUnderADoneJobAndASecondRunWritesNothing()
    {
        await using var actions = await ActionWorld.StartAsync();
        var world = actions.World;
        var jane = actions.User;
        var ftrack = world.Ftrack;
        var hier = ftrack.AddCustomAttribute("frameStart", "number", isHierarchical: true);
        var shotStd = ftrack.AddCustomAttribute("frameStart", "number", entityType: "task", objectTypeId: ftrack.ObjectTypeId("Shot"));
        var taskStd = ftrack.AddCustomAttribute("frameStart", "number", entityType: "task", objectTypeId: ftrack.ObjectTypeId("Task"));
        var project = ftrack.AddProject("proj_a");
        var shot = ftrack.AddShot(ftrack.AddSequence(project, "sq01"), "sh010");
        var task = ftrack.AddTask(shot, "comp", "Compositing");
        ftrack.SetCustomAttributeValue(hier, shot, 1001);
        ftrack.SetCustomAttributeValue(shotStd, shot, 1);
        ftrack.SetCustomAttributeValue(hier, task, 10);
        await using var processor = await InProcessProcessor.StartAsync(world, []);

        // Several actions answer a discover on a project; wait for this one's item.
        var discover = world.Hub.PublishAsWebClient(ServerAction.DiscoverTopic, Selection(project, "show"));
        await ServiceWorld.WaitUntilAsync(
            () => Task.FromResult(world.Hub.RepliesTo(discover).SelectMany(r => r["data"]?["items"]?.AsArray() ?? []).OfType<JsonObject>()
                .Any(i => (string?)i["actionIdentifier"] == PushHierValuesAction.Action.Identifier)),
            Deadline,
            "the action offered on the project");

        var done = await ReplyAsync(world, world.Hub.PublishAsWebClient(ServerAction.LaunchTopic, Launch(project, "show")));

        done["success"]!.GetValue<bool>().ShouldBeTrue(done.ToJsonString());
        Number(ftrack.GetCustomAttributeValue(shotStd, shot)).ShouldBe(1001);
        Number(ftrack.GetCustomAttributeValue(hier, task)).ShouldBe(1001);
        Number(ftrack.GetCustomAttributeValue(taskStd, task)).ShouldBe(1001);
        Number(ftrack.GetCustomAttributeValue(hier, shot)).ShouldBe(1001);
        ftrack.QueryLocal("select status from Job").ShouldHaveSingleItem()!["status"]!.GetValue<string>().ShouldBe("done");

        var again = await ReplyAsync(world, world.Hub.PublishAsWebClient(ServerAction.LaunchTopic, Launch(shot, "task")));
        again.ToJsonString().ShouldBe("""{"success":true,"message":"Nothing has changed."}""");
    }

    [Fact]
    public async Task PushHierValues_ActionSwitchOff_NotOfferedAndRefused()
    {
        var world = await ServiceWorld.StartAsync();
        await using var disposeWorld = world;
        await using var leecher = HostProcess.Start(world.Environment("ftrack-leecher"), ["leecher", "--Service:MaxRetryDelay", "00:00:01"]);
        await ServiceWorld.WaitUntilAsync(() => Task.FromResult(world.Hub.Subscriptions.Any(s => s.Subscription == "topic=*")), Deadline, "the leecher's subscription");
        world.Ftrack.AddUser(new FtrackHubServerOptions().WebClientUsername);
        var hier = world.Ftrack.AddCustomAttribute("frameStart", "number", isHierarchical: true);
        var shotStd = world.Ftrack.AddCustomAttribute("frameStart", "number", entityType: "task", objectTypeId: world.Ftrack.ObjectTypeId("Shot"));
        var project = world.Ftrack.AddProject("proj_a");
        var shot = world.Ftrack.AddShot(world.Ftrack.AddSequence(project, "sq01"), "sh010");
        world.Ftrack.SetCustomAttributeValue(hier, shot, 1001);
        await world.Ayon.SeedProjectAsync("proj_a", "proj_a", CancellationToken.None);
        await world.Ayon.SetProjectAddonSettingsAsync("ftrack", ServiceWorld.AddonVersion, "production", "proj_a", new JsonObject
        {
            ["service_event_handlers"] = new JsonObject { ["sync_hier_entity_attributes"] = new JsonObject { ["action_enabled"] = false } },
        }, CancellationToken.None);
        await using var processor = await InProcessProcessor.StartAsync(world, []);

        var refused = await ReplyAsync(world, world.Hub.PublishAsWebClient(ServerAction.LaunchTopic, Launch(project, "show")));

        refused["success"]!.GetValue<bool>().ShouldBeFalse(refused.ToJsonString());
        refused["message"]!.GetValue<string>().ShouldContain("disabled");
        world.Ftrack.GetCustomAttributeValue(shotStd, shot).ShouldBeNull();
    }

    private static double? Number(JsonNode? value) => value is null ? null : AttributeValues.Number(value);

    private static JsonObject Selection(string id, string type) =>
        new() { ["selection"] = new JsonArray(new JsonObject { ["entityId"] = id, ["entityType"] = type }) };

    private static JsonObject Launch(string id, string type)
    {
        var data = Selection(id, type);
        data["actionIdentifier"] = PushHierValuesAction.Action.Identifier;
        return data;
    }

    private static async Task<JsonObject> ReplyAsync(ServiceWorld world, string eventId) =>
        (await world.Hub.WaitForRepliesAsync(eventId, 1, Deadline, CancellationToken.None))[0]["data"]!.AsObject();
}
