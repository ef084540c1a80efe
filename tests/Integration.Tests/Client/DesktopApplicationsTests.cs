using System.Diagnostics;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Desktop;

namespace AyonFtrack.Integration.Tests.Client;

/// <summary>
/// The Applications action (U-01) through a real <c>serve</c> process over both emulators: the artist's ftrack menu on
/// a synced task lists AYON's applications for it, an unsynced task or a shot lists none, and a click makes AYON run
/// the action and the AYON launcher (a stand-in script named by <c>AYON_EXECUTABLE</c>) start on the returned URI
/// with the bundle names and Python paths removed from its environment.
/// </summary>
public sealed class DesktopApplicationsTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly string _folder = Directory.CreateTempSubdirectory("ayon-ftrack-apps-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Serve_SyncedTask_ListsAyonApplications_LaunchExecutesAndOpensTheLauncher()
    {
        await using var world = await DesktopWorld.StartAsync();
        var launched = Path.Combine(_folder, "launched.txt");
        var script = Path.Combine(_folder, "ayon-launcher.sh");
        await File.WriteAllTextAsync(script, $"#!/bin/sh\n{{ echo \"ARG $1\"; env; }} > '{launched}.tmp' && mv '{launched}.tmp' '{launched}'\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var environment = world.Environment(DesktopWorld.ArtistOne);
        environment["AYON_API_KEY"] = DesktopWorld.AyonArtistKey;
        environment["AYON_EXECUTABLE"] = script;
        environment["AYON_BUNDLE_NAME"] = "studio-production";
        environment["PYTHONPATH"] = "/dcc/site-packages";
        await using var serve = DesktopProcess.Start(environment, "serve");
        var started = await serve.WaitForLineAsync(l => (string?)l["event"] == "started", "started line");
        await serve.WaitForLineAsync(l => (string?)l["event"] == "status" && (string?)l["state"] == "connected", "connected status");
        var hub = world.Ftrack.RequiredHub;

        // The hub dispatches in order: by the time the synced task's menu is answered, the others' are too.
        var unsynced = hub.PublishAsWebClient("ftrack.action.discover", Selection(world.TaskIds["fx"], "task"));
        var shot = hub.PublishAsWebClient("ftrack.action.discover", Selection(world.ShotFtrackId, "task"));
        var synced = hub.PublishAsWebClient("ftrack.action.discover", Selection(world.TaskIds["comp"], "task"));
        var replies = await hub.WaitForRepliesAsync(synced, 3, Deadline, CancellationToken.None); // Where I run, Applications, Create Folders, ...

        var apps = replies.Select(r => r["data"]!["items"]!.AsArray()).Single(items => items.Count > 1);
        var ayon = world.Ayon.BaseUrl.GetLeftPart(UriPartial.Authority);
        apps.Select(i => $"{i!["label"]} {i["variant"]} {i["icon"]}").ShouldBe(
        [
            $"Maya 2025 {ayon}/api/addons/applications/{DesktopWorld.ApplicationsVersion}/icons/maya.png",
            $"Nuke 15.0 {ayon}/api/addons/applications/{DesktopWorld.ApplicationsVersion}/icons/nuke.png",
        ]);
        var maya = (string)apps[0]!["actionIdentifier"]!;
        maya.ShouldBe($"ayon_app.{started["identifier"]}|applications|{DesktopWorld.ApplicationsVersion}|application.launch.maya/2025");
        OnlyWhereIRun(hub.RepliesTo(unsynced));
        OnlyWhereIRun(hub.RepliesTo(shot));

        var launch = hub.PublishAsWebClient("ftrack.action.launch", Selection(world.TaskIds["comp"], "task", maya));
        var elsewhere = hub.PublishAsWebClient("ftrack.action.launch", Selection(world.TaskIds["comp"], "task", maya.Replace((string)started["identifier"]!, "another0process", StringComparison.Ordinal)));
        var result = (await hub.WaitForRepliesAsync(launch, 1, Deadline, CancellationToken.None)).Single()["data"]!;
        var refused = (await hub.WaitForRepliesAsync(elsewhere, 1, Deadline, CancellationToken.None)).Single()["data"]!;

        ((bool?)result["success"]).ShouldBe(true, result.ToJsonString());
        ((string?)result["message"]).ShouldBe("Application launched");
        ((string?)refused["message"]).ShouldBe("There are running more AYON processes where Application can be launched.");
        var execution = (await world.Ayon.ActionExecutionsAsync(CancellationToken.None)).ShouldHaveSingleItem();
        execution.ShouldSatisfyAllConditions(
            () => execution.User.ShouldBe(DesktopWorld.AyonArtist),
            () => execution.AddonName.ShouldBe("applications"),
            () => execution.AddonVersion.ShouldBe(DesktopWorld.ApplicationsVersion),
            () => execution.Identifier.ShouldBe("application.launch.maya/2025"),
            () => execution.Variant.ShouldBe("production"),
            () => execution.ServerUrl.ShouldBe(ayon),
            () => execution.Status.ShouldBe(200),
            () => execution.Context["projectName"]!.GetValue<string>().ShouldBe(DesktopWorld.Project),
            () => execution.Context["entityIds"]!.AsArray().Select(i => (string?)i).ShouldBe([world.AyonTaskIds["comp"]]));
        var uri = (string)execution.Response["payload"]!["uri"]!;
        uri.ShouldStartWith($"ayon-launcher://action?server_url={Uri.EscapeDataString(ayon)}&token=");
        (await world.Ayon.GetEventsAsync("action.launcher", CancellationToken.None)).ShouldHaveSingleItem().Status.ShouldBe("pending");

        var lines = await WaitForFileAsync(launched);
        lines.ShouldContain($"ARG {uri}");
        lines.ShouldNotContain(l => l.StartsWith("AYON_BUNDLE_NAME=", StringComparison.Ordinal) || l.StartsWith("PYTHONPATH=", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("FTRACK_SERVER=", StringComparison.Ordinal));
        (string.Join('\n', serve.Lines) + string.Join('\n', serve.ErrorLines)).ShouldNotContain(DesktopWorld.AyonArtistKey);
    }

    /// <summary>No application offered: only the local actions that every task or folder gets ("Where I run", "Create Folders", the thumbnail actions).</summary>
    private static void OnlyWhereIRun(IReadOnlyList<JsonObject> replies) =>
        replies.SelectMany(r => r["data"]!["items"]!.AsArray()).Select(i => ((string)i!["actionIdentifier"]!).Split('.')[..^1])
            .Select(parts => string.Join('.', parts)).Order(StringComparer.Ordinal)
            .ShouldBe(new[] { WhereIRun.Action.Identifier, CreateFolders.Action.Menu.Identifier, ThumbnailToChildren.Action.Menu.Identifier, ThumbnailToParent.Action.Menu.Identifier }.Order(StringComparer.Ordinal));

    private static JsonObject Selection(string entityId, string entityType, string? actionIdentifier = null)
    {
        var data = new JsonObject { ["selection"] = new JsonArray(new JsonObject { ["entityId"] = entityId, ["entityType"] = entityType }) };
        if (actionIdentifier is not null)
        {
            data["actionIdentifier"] = actionIdentifier;
        }

        return data;
    }

    private static async Task<string[]> WaitForFileAsync(string path)
    {
        var until = Stopwatch.StartNew();
        while (!File.Exists(path))
        {
            until.Elapsed.ShouldBeLessThan(Deadline, $"the AYON launcher stand-in wrote {path}");
            await Task.Delay(50);
        }

        return await File.ReadAllLinesAsync(path);
    }
}
