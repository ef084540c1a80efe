using System.Collections.Concurrent;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Desktop;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.EventHub;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Integration.Tests.Client;

/// <summary>
/// "Create Project Structure" (U-08) through a real <c>serve</c> over both emulators: offered on a project only; core's
/// <c>project_folder_structure</c> of the project becomes folders under the root, its <c>[ftrack]</c> items ftrack
/// entities under the project (typed by <c>[ftrack.&lt;Type&gt;]</c>, existing ones reused), the
/// <c>ayon.project.structure.created</c> announcement reaches a subscriber of the ftrack hub (and is stored as an AYON
/// event), and the Job tells what was made. A structure that is
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
        // Another ftrack client listening for the announcement, as a studio tool would (here: the second artist's session).
        var announcements = new ConcurrentQueue<FtrackEvent>();
        await using var listener = await SubscribeAsync(world, DesktopWorld.ArtistTwo, $"topic={CreateProjectStructure.CreatedTopic}", announcements);

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
        var heard = await Eventually.WaitAsync(() => announcements.TryPeek(out var e) ? e : null, "the announcement on the ftrack hub");
        var raw = $"{heard.Data.GetRawText()} {heard.Source.GetRawText()} {heard.Target}";
        heard.ShouldSatisfyAllConditions(
            () => heard.Topic.ShouldBe(CreateProjectStructure.CreatedTopic),
            () => heard.Data.GetProperty("project_name").GetString().ShouldBe(DesktopWorld.Project),
            () => heard.Data.EnumerateObject().Select(p => p.Name).ShouldBe(["project_name"]),
            () => heard.SourceUsername.ShouldBe(DesktopWorld.ArtistOne),
            () => announcements.Count.ShouldBe(1),
            () => raw.ShouldNotContain(world.Artists[DesktopWorld.ArtistOne].ApiKey),
            () => raw.ShouldNotContain(world.Ayon.ServiceApiKey),
            () => raw.ShouldNotContain(DesktopWorld.AyonArtistKey));
    }

    /// <summary>A real hub client of <paramref name="artist"/> that queues every event of <paramref name="subscription"/>.</summary>
    private static async Task<FtrackEventHub> SubscribeAsync(DesktopWorld world, string artist, string subscription, ConcurrentQueue<FtrackEvent> inbox)
    {
        var connection = new FtrackConnection();
        connection.Use(new FtrackCredentials(world.Ftrack.BaseUrl, artist, world.Artists[artist].ApiKey));
        var hub = new FtrackEventHub(connection, Options.Create(new FtrackEventHubOptions()), TimeProvider.System, NullLogger<FtrackEventHub>.Instance);
        try
        {
            await hub.StartAsync(CancellationToken.None);
            await hub.WaitUntilConnectedAsync(CancellationToken.None).WaitAsync(DesktopWorld.Deadline);
            await hub.SubscribeAsync(subscription, (e, _) =>
            {
                inbox.Enqueue(e);
                return Task.FromResult<System.Text.Json.Nodes.JsonNode?>(null);
            }, null, CancellationToken.None);
            return hub;
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }
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
