using System.Diagnostics;
using System.Text.Json.Nodes;
using AyonFtrack.Client;
using AyonFtrack.Features.Desktop;
using AyonFtrack.Server.Settings;

namespace AyonFtrack.Integration.Tests.Client;

/// <summary>The desktop client's commands over both emulators: the launcher's and the DCCs' view of ftrack.</summary>
public sealed class DesktopClientTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task LaunchStatus_NotReady_MovesToInProgress_OnHoldStays()
    {
        await using var world = await DesktopWorld.StartAsync();
        var environment = world.Environment(DesktopWorld.ArtistOne);

        var moved = await DesktopWorld.RunAsync(environment, "launch-status", "--project", DesktopWorld.Project, "--folder-path", "/sq010/sh010", "--task", "layout");
        var held = await DesktopWorld.RunAsync(environment, "launch-status", "--project", DesktopWorld.Project, "--folder-path", "sq010/sh010", "--task", "fx");

        moved.Code.ShouldBe(0, moved.Error);
        moved.Out.Trim().ShouldBe($"{DesktopWorld.Project}/sq010/sh010/layout: status 'Not Ready' → 'In progress'");
        held.Code.ShouldBe(0, held.Error);
        held.Out.ShouldContain("unchanged (status 'On Hold' is in the mapping's ignore list)");
        StatusOf(world, "layout").ShouldBe("In progress");
        StatusOf(world, "fx").ShouldBe("On Hold");
    }

    [Fact]
    public async Task LaunchStatus_UnsyncedFolderOrMissingTask_OneLineNamingIt()
    {
        await using var world = await DesktopWorld.StartAsync();
        var environment = world.Environment(DesktopWorld.ArtistOne);

        var unsynced = await DesktopWorld.RunAsync(environment, "launch-status", "--project", DesktopWorld.Project, "--folder-path", "/sq010/sh020", "--task", "layout");
        var missing = await DesktopWorld.RunAsync(environment, "launch-status", "--project", DesktopWorld.Project, "--folder-path", "/sq010/sh010", "--task", "lighting");
        var usage = await DesktopWorld.RunAsync(environment, "launch-status", "--project", DesktopWorld.Project);

        unsynced.Code.ShouldBe(1);
        unsynced.Error.Trim().ShouldBe("ayon-ftrack-desktop launch-status: AYON folder /sq010/sh020 is not synchronised with ftrack (no ftrackId)");
        missing.Code.ShouldBe(1);
        missing.Error.ShouldContain("ftrack has no task 'lighting' under the folder of /sq010/sh010");
        usage.Code.ShouldBe(2);
        usage.Error.ShouldContain("--folder-path is required");
    }

    [Fact]
    public async Task Check_WrongKey_OneReadableLine_WithoutTheKey()
    {
        await using var world = await DesktopWorld.StartAsync();
        const string wrongKey = "wrong-key-0123456789abcdef0123456789";

        var good = await DesktopWorld.RunAsync(world.Environment(DesktopWorld.ArtistOne), "check");
        var bad = await DesktopWorld.RunAsync(world.Environment(DesktopWorld.ArtistOne, wrongKey), "check");
        var unset = await DesktopWorld.RunAsync(new Dictionary<string, string?>(), "check");

        good.Code.ShouldBe(0, good.Error);
        good.Out.ShouldContain($"logged in to {world.Ftrack.BaseUrl.GetLeftPart(UriPartial.Authority)}");
        bad.Code.ShouldBe(1);
        bad.Error.Trim().ShouldBe("ayon-ftrack-desktop check: ftrack refused the login of FTRACK_API_USER (check the user name and API key, or log in again in the AYON tray)");
        (bad.Out + bad.Error).ShouldNotContain(wrongKey);
        unset.Code.ShouldBe(78);
        unset.Error.ShouldContain("FTRACK_SERVER is not set");
    }

    [Fact]
    public async Task FtrackUrl_TheEmulatorIsRecognised_AnAyonServerIsNot()
    {
        await using var world = await DesktopWorld.StartAsync();
        var ftrackUrl = world.Ftrack.BaseUrl.GetLeftPart(UriPartial.Authority);

        var found = await DesktopWorld.RunAsync(new Dictionary<string, string?>(), "ftrack-url", $" {ftrackUrl}/ ");
        var notFtrack = await DesktopWorld.RunAsync(new Dictionary<string, string?>(), "ftrack-url", world.Ayon.BaseUrl.GetLeftPart(UriPartial.Authority));

        found.Code.ShouldBe(0, found.Error);
        found.Out.Trim().ShouldBe(ftrackUrl);
        notFtrack.Code.ShouldBe(1);
        notFtrack.Error.ShouldContain("no FTRACK_VERSION header");
    }

    [Fact]
    public async Task ShowInFtrack_ProjectAndTask_UrlHoldsTheirFtrackIds()
    {
        await using var world = await DesktopWorld.StartAsync();
        var environment = world.Environment(DesktopWorld.ArtistOne);

        var project = await DesktopWorld.RunAsync(environment, "show-in-ftrack", "--project", DesktopWorld.Project);
        var task = await DesktopWorld.RunAsync(environment, "show-in-ftrack", "--project", DesktopWorld.Project, "--folder-path", "/sq010/sh010", "--task", "comp");

        project.Code.ShouldBe(0, project.Error);
        project.Out.Trim().ShouldBe($"{world.Ftrack.BaseUrl.GetLeftPart(UriPartial.Authority)}/#itemId=projects&view=tasks&entityId={world.ProjectFtrackId}&entityType=show");
        task.Out.Trim().ShouldEndWith($"entityId={world.ProjectFtrackId}&entityType=show&slideEntityId={world.TaskIds["comp"]}&slideEntityType=task");
    }

    [Fact]
    public async Task Serve_AnswersItsOwnUsersDiscoverOnly_WhereIRunShowsEveryMachine_ExitsWhenStdinCloses()
    {
        await using var world = await DesktopWorld.StartAsync();
        await using var mine = DesktopProcess.Start(world.Environment(DesktopWorld.ArtistOne), "serve");
        await using var mineElsewhere = DesktopProcess.Start(world.Environment(DesktopWorld.ArtistOne), "serve");
        await using var theirs = DesktopProcess.Start(world.Environment(DesktopWorld.ArtistTwo), "serve");
        var started = await mine.WaitForLineAsync(l => (string?)l["event"] == "started", "started line");
        var startedElsewhere = await mineElsewhere.WaitForLineAsync(l => (string?)l["event"] == "started", "started line");
        foreach (var server in new[] { mine, mineElsewhere, theirs })
        {
            await server.WaitForLineAsync(l => (string?)l["event"] == "status" && (string?)l["state"] == "connected", "connected status");
        }

        var hub = world.Ftrack.RequiredHub;
        // fx is not synced with AYON: no application, only "Where I run", "Create Folders" and the thumbnail actions, from each action server of the artist.
        var discover = hub.PublishAsWebClient("ftrack.action.discover", new JsonObject
        {
            ["selection"] = new JsonArray(new JsonObject { ["entityId"] = world.TaskIds["fx"], ["entityType"] = "task" }),
        });
        var replies = await hub.WaitForRepliesAsync(discover, 8, Deadline, CancellationToken.None);
        var identifier = $"{WhereIRun.Action.Identifier}.{started["identifier"]}";
        string[] taskActions = [CreateFolders.Action.Menu.Identifier, ThumbnailToChildren.Action.Menu.Identifier, ThumbnailToParent.Action.Menu.Identifier];
        replies.SelectMany(r => r["data"]!["items"]!.AsArray()).Select(i => (string?)i!["actionIdentifier"]).Order(StringComparer.Ordinal)
            .ShouldBe(new List<string>
            {
                identifier, $"{WhereIRun.Action.Identifier}.{startedElsewhere["identifier"]}",
            }.Concat(taskActions.SelectMany(a => new[] { $"{a}.{started["identifier"]}", $"{a}.{startedElsewhere["identifier"]}" })).Order(StringComparer.Ordinal));

        hub.PublishAsWebClient("ftrack.action.launch", new JsonObject { ["actionIdentifier"] = identifier, ["selection"] = new JsonArray() });
        var widgets = await WaitForWidgetsAsync(hub, 2);

        widgets.ShouldAllBe(w => (string?)w["data"]!["title"] == WhereIRun.Title);
        widgets.ShouldAllBe(w => w["data"]!["items"]!.AsArray().Any(i => (string?)i!["value"] == "<h3>Hostname</h3>"));
        hub.RepliesTo(discover).Count.ShouldBe(8); // the other artist's server never saw this user's menu
        hub.WebClientInbox.Count(e => (string?)e["topic"] == "ftrack.action.trigger-user-interface").ShouldBe(2); // one ask, not one per machine

        await mine.SendAsync("{\"command\":\"status\"}");
        await mine.WaitForLineAsync(l => (string?)l["event"] == "status" && (string?)l["user"] == DesktopWorld.ArtistOne && mine.Lines.Count(x => x.Contains("\"status\"", StringComparison.Ordinal)) >= 2, "status on request");
        await mine.SendAsync("not json");
        await mine.WaitForLineAsync(l => (string?)l["event"] == "error", "error line for a bad control line");

        var closing = Stopwatch.StartNew();
        mine.CloseInput();
        await mine.Process.WaitForExitAsync(new CancellationTokenSource(Deadline).Token);
        closing.Stop();
        mine.Process.ExitCode.ShouldBe(0);
        (string.Join('\n', mine.Lines) + string.Join('\n', mine.ErrorLines)).ShouldNotContain(world.Artists[DesktopWorld.ArtistOne].ApiKey);
        Console.WriteLine($"serve exited {closing.ElapsedMilliseconds} ms after stdin closed");
        theirs.Process.HasExited.ShouldBeFalse();
    }

    /// <summary>Waits until the fake web client got <paramref name="count"/> widgets; returns them.</summary>
    internal static async Task<IReadOnlyList<JsonObject>> WaitForWidgetsAsync(AyonFtrack.Sandbox.Ftrack.Hub.FtrackHubServer hub, int count)
    {
        var until = Stopwatch.StartNew();
        while (true)
        {
            var widgets = hub.WebClientInbox.Where(e => (string?)e["topic"] == "ftrack.action.trigger-user-interface" && (string?)e["data"]?["type"] == "widget").ToList();
            if (widgets.Count >= count || until.Elapsed > Deadline)
            {
                widgets.Count.ShouldBeGreaterThanOrEqualTo(count, $"widgets shown to the web client within {Deadline.TotalSeconds} s");
                return widgets;
            }

            await Task.Delay(50);
        }
    }

    [Theory]
    [InlineData("Not Ready", new[] { "In Progress", "Ready" })]
    [InlineData("not ready", new[] { "In Progress", "Ready" })]
    [InlineData("On Hold", new string[0])]
    [InlineData("omitted", new string[0])]
    [InlineData("In Progress", new string[0])]
    [InlineData("Approved", new[] { "In Progress" })]
    public void Decide_DefaultMapping_IgnoreListWinsOverAny(string current, string[] expected)
    {
        LaunchStatus.Decide(current, FtrackSettings.Defaults.PostLaunchHook).Candidates.ShouldBe(expected);
    }

    [Fact]
    public void Decide_TurnedOff_ChangesNothing()
    {
        var decision = LaunchStatus.Decide("Not Ready", FtrackSettings.Defaults.PostLaunchHook with { Enabled = false });
        decision.Candidates.ShouldBeEmpty();
        decision.Reason.ShouldBe("post_launch_hook is turned off");
    }

    private static string? StatusOf(DesktopWorld world, string task) =>
        world.Ftrack.QueryLocal($"select status.name from Task where id is \"{world.TaskIds[task]}\"").Single()!["status"]?["name"]?.GetValue<string>();
}
