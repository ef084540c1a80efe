using AyonFtrack.Features.Desktop;

namespace AyonFtrack.Integration.Tests.Client;

/// <summary>
/// "Create Project Structure" (U-08) through a real <c>serve</c> over both emulators: offered on a project only; core's
/// <c>project_folder_structure</c> of the project becomes folders under the root, its <c>[ftrack]</c> items ftrack
/// entities under the project (typed by <c>[ftrack.&lt;Type&gt;]</c>, existing ones reused), the
/// <c>ayon.project.structure.created</c> AYON event is stored, and the Job tells what was made. A structure that is
/// not JSON, or an unset one, is a readable refusal with nothing made.
/// </summary>
public sealed class DesktopCreateProjectStructureTests
{
    private static readonly string Identifier = CreateProjectStructure.Action.Menu.Identifier;

    private const string Structure = """
        {"__project_root__": {"prod": {}, "resources": {"footage": {"plates": {}}}, "assets[ftrack]": {"characters[ftrack]": {}, "props": {}},
         "shots[ftrack.Sequence]": {"scripts": {}, "editorial[ftrack.Folder]": {}}}}
        """;

    [Fact]
    public async Task Serve_CreateProjectStructure_FoldersOnDiskEntitiesInFtrackAndTheEvent()
    {
        await using var world = await DesktopWorld.StartAsync();
        await world.Ayon.SeedCoreAddonAsync(CancellationToken.None);
        await world.Ayon.SetProjectFolderStructureAsync(DesktopWorld.Project, Structure, CancellationToken.None);
        world.Ftrack.AddFolder(world.ProjectFtrackId, "assets");
        var project = Selected.Show(world.ProjectFtrackId);
        var serve = await world.ServeAsync();

        DesktopWorld.Offered(await world.DiscoverAsync(project)).ShouldContain(Identifier);
        DesktopWorld.Offered(await world.DiscoverAsync(Selected.Task(world.ShotFtrackId))).ShouldNotContain(Identifier);
        var reply = await world.LaunchAsync(serve.Identifier(Identifier), null, project);

        var root = Path.Combine(world.Root, DesktopWorld.Project);
        var top = world.Query($"select id, name from TypedContext where parent_id is \"{world.ProjectFtrackId}\"").ToDictionary(c => (string)c["name"]!, c => (string)c["id"]!);
        reply.ShouldSatisfyAllConditions(
            () => ((bool?)reply["success"]).ShouldBe(true, reply.ToJsonString()),
            () => ((string?)reply["message"]).ShouldBe("Project structure created: 6 of 6 folder(s) created on disk, 3 ftrack entities created."),
            () => new[] { "prod", "resources/footage/plates", "assets/characters", "assets/props", "shots/scripts", "shots/editorial" }
                .ShouldAllBe(p => Directory.Exists(Path.Combine(root, p))),
            () => Directory.Exists(Path.Combine(root, "assets[ftrack]")).ShouldBeFalse(),
            () => top.Keys.Order(StringComparer.Ordinal).ShouldBe(["assets", "shots", "sq010"]),
            () => world.Ftrack.GetEntity("Sequence", top["shots"]).ShouldNotBeNull(),
            () => world.Query($"select name from Folder where parent_id is \"{top["shots"]}\"").Select(c => (string?)c["name"]).ShouldBe(["editorial"]),
            () => world.Query($"select name from Folder where parent_id is \"{top["assets"]}\"").Select(c => (string?)c["name"]).ShouldBe(["characters"]),
            () => world.Jobs().ShouldBe([("done", "Create Project Structure: 6 of 6 folder(s) created on disk, 3 ftrack entities created.")]));
        var announced = (await world.Ayon.GetEventsAsync(CreateProjectStructure.CreatedTopic, CancellationToken.None)).ShouldHaveSingleItem();
        announced.Project.ShouldBe(DesktopWorld.Project);
        announced.Payload!["project_name"]!.GetValue<string>().ShouldBe(DesktopWorld.Project);
    }

    [Fact]
    public async Task Serve_CreateProjectStructure_BadOrUnsetStructure_RefusedAndNothingMade()
    {
        await using var world = await DesktopWorld.StartAsync();
        await world.Ayon.SeedCoreAddonAsync(CancellationToken.None);
        await world.Ayon.SetProjectFolderStructureAsync(DesktopWorld.Project, "{\"__project_root__\": {\"prod\": ", CancellationToken.None);
        var project = Selected.Show(world.ProjectFtrackId);
        var serve = await world.ServeAsync();

        var broken = await world.LaunchAsync(serve.Identifier(Identifier), null, project);
        await world.Ayon.SetProjectFolderStructureAsync(DesktopWorld.Project, "", CancellationToken.None);
        var unset = await world.LaunchAsync(serve.Identifier(Identifier), null, project);

        broken.ShouldSatisfyAllConditions(
            () => ((bool?)broken["success"]).ShouldBe(false),
            () => ((string)broken["message"]!).ShouldStartWith("core's project_folder_structure is not valid JSON"),
            () => ((string)broken["message"]!).ShouldEndWith("Nothing was created."),
            () => ((string?)unset["message"]).ShouldBe("Project structure is not set."),
            () => Directory.EnumerateFileSystemEntries(world.Root).ShouldBeEmpty(),
            () => world.Jobs().ShouldBeEmpty());
    }
}
