using System.Text;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Actions;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Integration.Tests.Support;

namespace AyonFtrack.Integration.Tests.Processor;

/// <summary>"Calculate project component sizes" (P-07, P-08) end to end: the action's events go round through the hub, the leecher and AYON's queue.</summary>
public sealed class ComponentSizesActionTests
{
    private static readonly TimeSpan Deadline = ProcessorHarness.Deadline;

    [Fact]
    public async Task ComponentSizes_AllProjects_JobDoneWithACsvOfTheStoredSizesLargestFirst()
    {
        await using var actions = await ActionWorld.StartAsync();
        var world = actions.World;
        var jane = actions.User;
        var small = world.Ftrack.AddProject("proj_small");
        var big = world.Ftrack.AddProject("proj_big");
        AddComponent(world, small, 1000, FtrackLocationIds.Server);
        AddComponent(world, big, 3 * 1024 * 1024, FtrackLocationIds.Server);
        AddComponent(world, big, 1024 * 1024, FtrackLocationIds.Review);
        AddComponent(world, big, 999_999, FtrackLocationIds.Unmanaged); // on the studio's disks: not ftrack's storage
        await using var processor = await InProcessProcessor.StartAsync(world, []);

        var launch = new JsonObject
        {
            ["selection"] = new JsonArray(new JsonObject { ["entityId"] = small, ["entityType"] = "show" }),
            ["actionIdentifier"] = ComponentSizes.Action.Identifier,
        };
        var form = (await world.Hub.WaitForRepliesAsync(world.Hub.PublishAsWebClient(ServerAction.LaunchTopic, launch), 1, Deadline, CancellationToken.None))[0]["data"]!;
        form["items"]![0]!["data"]!.AsArray().Select(d => d!["value"]!.GetValue<string>()).ShouldBe(["all_projects", "selected_project"]);
        launch["values"] = new JsonObject { ["workflow"] = "all_projects" };
        var started = (await world.Hub.WaitForRepliesAsync(world.Hub.PublishAsWebClient(ServerAction.LaunchTopic, launch), 1, Deadline, CancellationToken.None))[0]["data"]!;
        started["success"]!.GetValue<bool>().ShouldBeTrue(started.ToJsonString());

        await ServiceWorld.WaitUntilAsync(
            () => Task.FromResult(world.Ftrack.QueryLocal("select status from Job").Any(j => j!["status"]!.GetValue<string>() == "done")),
            Deadline,
            "the finished size job");

        var job = world.Ftrack.QueryLocal("select id, data from Job").ShouldHaveSingleItem()!;
        JsonNode.Parse(job["data"]!.GetValue<string>())!["description"]!.GetValue<string>().ShouldBe("Finished. Click to download");
        var component = world.Ftrack.QueryLocal($"select component_id from JobComponent where job_id is \"{job["id"]!.GetValue<string>()}\"").ShouldHaveSingleItem()!["component_id"]!.GetValue<string>();
        var csv = Encoding.UTF8.GetString(world.Ftrack.GetUploadedFile(component).ShouldNotBeNull());
        csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["Project name,Size,Size (bytes)", "proj_big,4 MB,4194304", "proj_small,1000 B,1000"]);
    }

    private static void AddComponent(ServiceWorld world, string project, long size, string locationId)
    {
        var asset = world.Ftrack.AddAsset(world.Ftrack.AddShot(world.Ftrack.AddSequence(project, $"sq{Guid.NewGuid():N}"[..8]), "sh010"), "renderMain", "render");
        var version = world.Ftrack.AddAssetVersion(asset, 1);
        var component = world.Ftrack.Seed("FileComponent", new JsonObject { ["name"] = "main", ["file_type"] = ".exr", ["size"] = size, ["version_id"] = version });
        world.Ftrack.Seed("ComponentLocation", new JsonObject { ["component_id"] = component, ["location_id"] = locationId, ["resource_identifier"] = component });
    }
}
