using System.Text.Json.Nodes;
using AyonFtrack.Features.Desktop;

namespace AyonFtrack.Integration.Tests.Client;

/// <summary>
/// "Create Folders" (U-07) through a real <c>serve</c> over both emulators: offered on tasks and projects (not on
/// versions), a task makes its work and publish directories under the project's root without a form, a shot asks
/// whether its children are included and then makes every task's folders, and each run is an ftrack Job that ends done.
/// </summary>
public sealed class DesktopCreateFoldersTests
{
    private static readonly string Identifier = CreateFolders.Action.Menu.Identifier;

    [Fact]
    public async Task Serve_CreateFolders_OfferedOnTasks_CreatesTheAnatomysFoldersUnderAJob()
    {
        await using var world = await DesktopWorld.StartAsync();
        var serve = await world.ServeAsync();
        var asset = world.Ftrack.AddAsset(world.ShotFtrackId, "renderMain");
        var version = world.Ftrack.AddAssetVersion(asset, 1);

        DesktopWorld.Offered(await world.DiscoverAsync(Selected.Task(world.TaskIds["comp"]))).ShouldContain(Identifier);
        DesktopWorld.Offered(await world.DiscoverAsync(Selected.Show(world.ProjectFtrackId))).ShouldContain(Identifier);
        DesktopWorld.Offered(await world.DiscoverAsync(Selected.Version(version))).ShouldNotContain(Identifier);

        var task = await world.LaunchAsync(serve.Identifier(Identifier), null, Selected.Task(world.TaskIds["comp"]));

        var shot = Path.Combine(world.Root, DesktopWorld.Project, "sq010", "sh010");
        task.ShouldSatisfyAllConditions(
            () => ((bool?)task["success"]).ShouldBe(true, task.ToJsonString()),
            () => ((string?)task["message"]).ShouldBe("Successfully created project folders."),
            () => Directory.Exists(Path.Combine(shot, "work", "comp")).ShouldBeTrue(),
            () => Directory.Exists(Path.Combine(shot, "publish")).ShouldBeTrue(),
            () => Directory.Exists(Path.Combine(shot, "work", "layout")).ShouldBeFalse(),
            () => world.Jobs().ShouldBe([("done", "Create Folders: 2 of 2 folder(s) created.")]));

        var form = await world.LaunchAsync(serve.Identifier(Identifier), null, Selected.Task(world.ShotFtrackId));
        var names = form["items"]!.AsArray().Select(i => (string?)i!["name"]).OfType<string>().ToList();
        names.ShouldBe(["children_included", "with_interface"]);
        world.Jobs().Count.ShouldBe(1, "a form is not a run");

        var withChildren = await world.LaunchAsync(serve.Identifier(Identifier),
            new JsonObject { ["children_included"] = true, ["with_interface"] = true }, Selected.Task(world.ShotFtrackId));

        withChildren.ShouldSatisfyAllConditions(
            () => ((bool?)withChildren["success"]).ShouldBe(true, withChildren.ToJsonString()),
            () => new[] { "layout", "fx", "comp" }.ShouldAllBe(t => Directory.Exists(Path.Combine(shot, "work", t))),
            () => world.Jobs()[^1].ShouldBe(("done", "Create Folders: 2 of 4 folder(s) created.")));
    }

    [Fact]
    public async Task Serve_CreateFolders_AnatomyWithoutWorkTemplate_FailsReadablyAndTheJobSaysSo()
    {
        await using var world = await DesktopWorld.StartAsync();
        var anatomy = DesktopWorld.Anatomy(world.Root, [DesktopWorld.ClientDelivery]);
        anatomy["templates"]!["work"] = new JsonArray();
        await world.Ayon.SetProjectAnatomyAsync(DesktopWorld.Project, anatomy, CancellationToken.None);
        var serve = await world.ServeAsync();

        var reply = await world.LaunchAsync(serve.Identifier(Identifier), null, Selected.Task(world.TaskIds["comp"]));

        reply.ShouldSatisfyAllConditions(
            () => ((bool?)reply["success"]).ShouldBe(false),
            () => ((string)reply["message"]!).ShouldContain("work"),
            () => Directory.EnumerateFileSystemEntries(world.Root).ShouldBeEmpty(),
            () => world.Jobs().ShouldHaveSingleItem().Status.ShouldBe("failed"));
    }
}
