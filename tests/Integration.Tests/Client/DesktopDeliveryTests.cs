using System.Text.Json.Nodes;
using AyonFtrack.Features.Desktop;

namespace AyonFtrack.Integration.Tests.Client;

/// <summary>
/// "Delivery" (U-09) through a real <c>serve</c> over both emulators. Two ftrack versions of <c>renderMain</c> on
/// sh010 map to AYON versions 1 and 2, each with an <c>exr</c> representation of three frames on disk under the
/// project root. Only users with a role of <c>user_handlers.delivery_action</c> see and run it; the form lists the
/// common representations and the delivery templates; the submission copies the six frames to the chosen location with
/// the <c>client</c> template's names under an ftrack Job; a missing source is reported (Job and report widget) and the
/// other files are still delivered.
/// </summary>
public sealed class DesktopDeliveryTests
{
    private static readonly string Identifier = Delivery.Action.Menu.Identifier;

    /// <summary>The seeded versions: ftrack ids of versions 1 and 2, and the source files on disk (version 1's first).</summary>
    private sealed record Published(IReadOnlyList<string> FtrackVersionIds, IReadOnlyList<string> SourceFiles);

    private static Task<Published> PublishAsync(DesktopWorld world) => PublishAsync(world, world.ShotFtrackId, world.ShotAyonId, world.TaskIds["comp"], world.AyonTaskIds["comp"]);

    private static async Task<Published> PublishAsync(DesktopWorld world, string ftrackContextId, string ayonFolderId, string? ftrackTaskId, string? ayonTaskId)
    {
        var asset = world.Ftrack.AddAsset(ftrackContextId, "renderMain");
        var product = await world.Ayon.AddProductAsync(DesktopWorld.Project, ayonFolderId, "renderMain", "render", CancellationToken.None);
        var ftrackIds = new List<string>();
        var sources = new List<string>();
        foreach (var number in new[] { 1, 2 })
        {
            ftrackIds.Add(world.Ftrack.AddAssetVersion(asset, number, ftrackTaskId));
            var version = await world.Ayon.AddVersionAsync(DesktopWorld.Project, product, number, ayonTaskId, CancellationToken.None);
            var directory = $"{DesktopWorld.Project}/sq010/sh010/publish/render/renderMain/v{number:000}";
            var files = Enumerable.Range(1001, 3).Select(f => $"{directory}/desk_sh010_renderMain_v{number:000}.{f}.exr").ToList();
            foreach (var file in files)
            {
                var path = Path.Combine(world.Root, file);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllTextAsync(path, $"{file} pixels");
                sources.Add(path);
            }

            var context = JsonNode.Parse($$"""
                {"root": {"work": "{root[work]}"}, "project": {"name": "{{DesktopWorld.Project}}", "code": "desk"}, "folder": {"name": "sh010"},
                 "hierarchy": "sq010", "product": {"name": "renderMain", "type": "render"}, "version": {{number}}, "ext": "exr",
                 "representation": "exr", "frame": "1001"}
                """)!.AsObject();
            await world.Ayon.AddRepresentationAsync(DesktopWorld.Project, version, "exr", [.. files.Select(f => "{root[work]}/" + f)], context, CancellationToken.None);
            await world.Ayon.AddRepresentationAsync(DesktopWorld.Project, version, number == 1 ? "mov" : "jpg", ["{root[work]}/" + directory + "/review.mov"], context, CancellationToken.None);
        }

        return new Published(ftrackIds, sources);
    }

    private static JsonObject Values(string location, string session = "241207") => new()
    {
        [Delivery.ProjectKey] = DesktopWorld.Project,
        [Delivery.SkippedKey] = false,
        [Delivery.SessionKey] = session,
        ["exr"] = true,
        [Delivery.TemplateKey] = "client",
        [Delivery.LocationKey] = location,
    };

    [Fact]
    public async Task Serve_Delivery_TwoVersionsOfThreeFrames_DeliversSixFilesWithTheClientTemplatesNames()
    {
        await using var world = await DesktopWorld.StartAsync();
        var published = await PublishAsync(world);
        var selection = published.FtrackVersionIds.Select(Selected.Version).ToArray();
        var serve = await world.ServeAsync();

        // Without a role of user_handlers.delivery_action (Project Manager, Administrator): hidden, and a launch is refused.
        DesktopWorld.Offered(await world.DiscoverAsync(selection)).ShouldNotContain(Identifier);
        var refused = await world.LaunchAsync(serve.Identifier(Identifier), null, selection);
        ((bool?)refused["success"]).ShouldBe(false);
        ((string?)refused["message"]).ShouldBe("You don't have a role that may run \"Delivery\".");

        world.GrantRole(DesktopWorld.ArtistOne, "Project Manager");
        DesktopWorld.Offered(await world.DiscoverAsync(selection)).ShouldContain(Identifier);
        DesktopWorld.Offered(await world.DiscoverAsync(Selected.Task(world.TaskIds["comp"]))).ShouldNotContain(Identifier);

        var form = (await world.LaunchAsync(serve.Identifier(Identifier), null, selection))["items"]!.AsArray().OfType<JsonObject>().ToList();
        form.ShouldSatisfyAllConditions(
            () => form.Where(i => (string?)i["type"] == "boolean").Select(i => (string?)i["name"]).ShouldBe(["exr", "jpg", "mov"]),
            () => form.Single(i => (string?)i["name"] == Delivery.TemplateKey)["data"]!.AsArray().Select(d => (string?)d!["value"]).ShouldBe(["client"]),
            () => ((string?)form.Single(i => (string?)i["name"] == Delivery.ProjectKey)["value"]).ShouldBe(DesktopWorld.Project));

        var location = Path.Combine(world.Root, "outgoing");
        var reply = await world.LaunchAsync(serve.Identifier(Identifier), Values(location), selection);

        var delivered = Path.Combine(location, "241207", "sh010");
        reply.ShouldSatisfyAllConditions(
            () => ((bool?)reply["success"]).ShouldBe(true, reply.ToJsonString()),
            () => ((string?)reply["message"]).ShouldBe("Delivery Finished"),
            () => Directory.GetFiles(delivered).Select(Path.GetFileName).Order(StringComparer.Ordinal).ShouldBe(
                ["sh010_renderMain_v001.1001.exr", "sh010_renderMain_v001.1002.exr", "sh010_renderMain_v001.1003.exr",
                 "sh010_renderMain_v002.1001.exr", "sh010_renderMain_v002.1002.exr", "sh010_renderMain_v002.1003.exr"]),
            () => File.ReadAllText(Path.Combine(delivered, "sh010_renderMain_v002.1003.exr")).ShouldBe(
                $"{DesktopWorld.Project}/sq010/sh010/publish/render/renderMain/v002/desk_sh010_renderMain_v002.1003.exr pixels"),
            () => world.Jobs().ShouldBe([("done", "Delivery: 6 file(s) delivered.")]));
    }

    [Fact]
    public async Task Serve_Delivery_MissingSourceFile_ReportedInTheJobAndTheOthersDelivered()
    {
        await using var world = await DesktopWorld.StartAsync();
        var published = await PublishAsync(world);
        File.Delete(published.SourceFiles[1]);
        world.GrantRole(DesktopWorld.ArtistOne, "Administrator");
        var selection = published.FtrackVersionIds.Select(Selected.Version).ToArray();
        var serve = await world.ServeAsync();

        var location = Path.Combine(world.Root, "outgoing");
        var reply = await world.LaunchAsync(serve.Identifier(Identifier), Values(location, "review_a"), selection);

        var job = world.Jobs().ShouldHaveSingleItem();
        var report = world.Widgets().ShouldHaveSingleItem();
        reply.ShouldSatisfyAllConditions(
            () => ((bool?)reply["success"]).ShouldBe(false),
            () => ((string?)reply["message"]).ShouldBe("Errors during delivery process. See report."),
            () => Directory.GetFiles(Path.Combine(location, "review_a", "sh010")).Length.ShouldBe(5),
            () => File.Exists(Path.Combine(location, "review_a", "sh010", "sh010_renderMain_v001.1002.exr")).ShouldBeFalse(),
            () => job.Status.ShouldBe("failed"),
            () => job.Description.ShouldStartWith("Delivery: 5 file(s) delivered."),
            () => job.Description.ShouldContain($"{Delivery.SourceNotFound}: {published.SourceFiles[1]} doesn't exist"),
            () => ((string?)report["title"]).ShouldBe("Delivery report"),
            () => report["items"]!.ToJsonString().ShouldContain(Delivery.SourceNotFound));
    }

    [Fact]
    public async Task Serve_Delivery_BadSubmissions_EndAsReadableMessagesAndWriteNothing()
    {
        await using var world = await DesktopWorld.StartAsync();
        var published = await PublishAsync(world);
        world.GrantRole(DesktopWorld.ArtistOne, "Administrator");
        var selection = published.FtrackVersionIds.Select(Selected.Version).ToArray();
        var serve = await world.ServeAsync();
        var location = Path.Combine(world.Root, "outgoing");

        var nothingTicked = Values(location);
        nothingTicked["exr"] = false;
        var noTemplate = Values(location);
        noTemplate[Delivery.TemplateKey] = "";
        var unknownTemplate = Values(location);
        unknownTemplate[Delivery.TemplateKey] = "archive";

        var empty = await world.LaunchAsync(serve.Identifier(Identifier), nothingTicked, selection);
        var untemplated = await world.LaunchAsync(serve.Identifier(Identifier), noTemplate, selection);
        var unknown = await world.LaunchAsync(serve.Identifier(Identifier), unknownTemplate, selection);
        var mixed = await world.LaunchAsync(serve.Identifier(Identifier), null, [.. selection, Selected.Task(world.TaskIds["comp"])]);

        empty.ShouldSatisfyAllConditions(
            () => ((string?)empty["message"]).ShouldBe("No selected components to deliver."),
            () => ((string?)untemplated["message"]).ShouldBe("No delivery template was chosen."),
            () => ((bool?)unknown["success"]).ShouldBe(false),
            () => ((string)unknown["message"]!).ShouldContain("delivery template \"archive\""),
            () => ((bool?)mixed["success"]).ShouldBe(false),
            () => ((string)mixed["message"]!).ShouldContain("Select only"),
            () => Directory.Exists(location).ShouldBeFalse());
    }

    [Fact]
    public async Task Serve_Delivery_ContextWithoutFtrackIdInAyon_FoundByItsAyonIdAttribute()
    {
        await using var world = await DesktopWorld.StartAsync();
        // AYON's folder /sh010_alt has no ftrackId and ftrack's shot has another name: only the shot's ayon_id links them.
        var ayonFolder = await world.Ayon.AddFolderAsync(DesktopWorld.Project, "sh010_alt", "Shot", null, null, CancellationToken.None);
        var ftrackShot = world.Ftrack.AddShot(world.ProjectFtrackId, "sh010_renamed");
        world.Ftrack.SetCustomAttributeValue(world.AyonIdConfigurationId, ftrackShot, ayonFolder);
        var published = await PublishAsync(world, ftrackShot, ayonFolder, null, null);
        world.GrantRole(DesktopWorld.ArtistOne, "Administrator");
        var serve = await world.ServeAsync();

        var location = Path.Combine(world.Root, "outgoing");
        var reply = await world.LaunchAsync(serve.Identifier(Identifier), Values(location), [.. published.FtrackVersionIds.Select(Selected.Version)]);

        reply.ShouldSatisfyAllConditions(
            () => ((string?)reply["message"]).ShouldBe("Delivery Finished", reply.ToJsonString()),
            () => Directory.GetFiles(Path.Combine(location, "241207", "sh010")).Length.ShouldBe(6), // the representations' context names sh010
            () => world.Jobs().ShouldBe([("done", "Delivery: 6 file(s) delivered.")]));
    }
}
