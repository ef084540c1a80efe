using System.Text.Json.Nodes;
using AyonFtrack.Features.Actions;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Integration.Tests.Support;
using AyonFtrack.Sandbox.Ftrack;
using AyonFtrack.Sandbox.Ftrack.Hub;

namespace AyonFtrack.Integration.Tests.Processor;

/// <summary>
/// ftrack actions end to end as in production: the fake web client publishes on the emulator's hub, the real leecher
/// (its own process) stores the events in AYON, the processor (the real composition, in this process, with a test
/// action added) takes them from AYON and answers on the hub.
/// </summary>
public sealed class ProcessorActionTests
{
    private static readonly TimeSpan Deadline = ProcessorHarness.Deadline;

    private static async Task<(ServiceWorld World, HostProcess Leecher)> StartAsync()
    {
        var world = await ServiceWorld.StartAsync();
        var leecher = HostProcess.Start(world.Environment("ftrack-leecher"), ["leecher", "--Service:MaxRetryDelay", "00:00:01"]);
        await ServiceWorld.WaitUntilAsync(() => Task.FromResult(world.Hub.Subscriptions.Any(s => s.Subscription == "topic=*")), Deadline, "the leecher's subscription");
        return (world, leecher);
    }

    /// <summary>Waits until the processor's job for the ftrack event <paramref name="ftrackId"/> has ended.</summary>
    private static Task WaitProcessedAsync(ServiceWorld world, string ftrackId) => ServiceWorld.WaitUntilAsync(
        async () =>
        {
            var source = (await world.Ayon.GetEventsAsync("ftrack.leech", CancellationToken.None)).FirstOrDefault(e => e.Hash == ftrackId);
            return source is not null && (await ProcessorHarness.JobsAsync(world)).Any(j => j.DependsOn == source.Id && j.Status is "finished" or "failed");
        },
        Deadline,
        $"the processing of ftrack event {ftrackId}");

    private static JsonObject Selection(string id, string type = "show") =>
        new() { ["selection"] = new JsonArray(new JsonObject { ["entityId"] = id, ["entityType"] = type }) };

    private static JsonObject Launch(string identifier, string projectId, JsonObject? values = null)
    {
        var data = Selection(projectId);
        data["actionIdentifier"] = identifier;
        if (values is not null)
        {
            data["values"] = values;
        }

        return data;
    }

    private static async Task<JsonObject> ReplyAsync(ServiceWorld world, string eventId) =>
        (await world.Hub.WaitForRepliesAsync(eventId, 1, Deadline, CancellationToken.None))[0]["data"]!.AsObject();

    [Fact]
    public async Task Actions_DiscoverAndLaunchOverTheHub_RoleRefusedThenAllowedFormRoundTripJobAndFailureReply()
    {
        var (world, leecher) = await StartAsync();
        await using var disposeWorld = world;
        await using var disposeLeecher = leecher;
        var jane = world.Ftrack.AddUser(new FtrackHubServerOptions().WebClientUsername);
        var project = world.Ftrack.AddProject("proj_a");
        await using var processor = await InProcessProcessor.StartAsync(world, [new TestSlicesModule()]);

        // jane has no role of prepare_project's role_list (Administrator, Project manager): not offered, launch refused.
        var discover = world.Hub.PublishAsWebClient(ServerAction.DiscoverTopic, Selection(project));
        await WaitProcessedAsync(world, discover);
        world.Hub.RepliesTo(discover).ShouldBeEmpty();
        var refused = await ReplyAsync(world, world.Hub.PublishAsWebClient(ServerAction.LaunchTopic, Launch("test.echo", project)));
        refused["success"]!.GetValue<bool>().ShouldBeFalse();
        refused["message"]!.GetValue<string>().ShouldContain("role");

        world.Ftrack.Seed("UserSecurityRole", new JsonObject
        {
            ["user_id"] = jane.Id,
            ["security_role_id"] = FtrackSeed.IdFor("role:Administrator"),
            ["is_all_projects"] = true,
        });

        // The product's own project actions answer too (one reply each); wait for the test action's among them.
        var discovered = world.Hub.PublishAsWebClient(ServerAction.DiscoverTopic, Selection(project));
        IEnumerable<JsonObject> Offered() => world.Hub.RepliesTo(discovered).SelectMany(r => r["data"]!["items"]!.AsArray()).OfType<JsonObject>();
        await ServiceWorld.WaitUntilAsync(() => Task.FromResult(Offered().Any(i => i["actionIdentifier"]!.GetValue<string>() == "test.echo")), Deadline, "the test action's item");
        var item = Offered().Single(i => i["actionIdentifier"]!.GetValue<string>() == "test.echo");
        item["actionIdentifier"]!.GetValue<string>().ShouldBe("test.echo");
        item["label"]!.GetValue<string>().ShouldBe("Echo");
        item["variant"]!.GetValue<string>().ShouldBe("(test)");
        item["description"]!.GetValue<string>().ShouldBe("Echoes a form");

        var form = await ReplyAsync(world, world.Hub.PublishAsWebClient(ServerAction.LaunchTopic, Launch("test.echo", project)));
        form["title"]!.GetValue<string>().ShouldBe("Echo");
        form["submit_button_label"]!.GetValue<string>().ShouldBe("Send");
        form["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()).ShouldBe(["note", "step"]);

        var submitted = await ReplyAsync(world, world.Hub.PublishAsWebClient(
            ServerAction.LaunchTopic, Launch("test.echo", project, new JsonObject { ["note"] = "hello", ["step"] = "2" })));
        submitted["success"]!.GetValue<bool>().ShouldBeTrue();
        submitted["message"]!.GetValue<string>().ShouldBe("You wrote hello at step 2");
        var shown = world.Hub.WebClientInbox.Where(e => (string?)e["topic"] == ServerAction.UserInterfaceTopic).ToList();
        shown.Count.ShouldBe(2);
        shown.ShouldAllBe(e => (string?)e["target"] == ActionRuntime.UserInterfaceTarget(new FtrackHubServerOptions().WebClientUserId));
        shown[0]["data"]!.ToJsonString().ShouldBe("""{"type":"message","success":true,"message":"Echoing..."}""");
        shown[1]["data"]!.ToJsonString().ShouldBe("""{"type":"widget","items":[{"type":"label","value":"hello"}],"title":"Echo report"}""");
        var job = world.Ftrack.QueryLocal("select status, data, user_id from Job").Single()!.AsObject();
        job["status"]!.GetValue<string>().ShouldBe("done");
        job["user_id"]!.GetValue<string>().ShouldBe(jane.Id);
        JsonNode.Parse(job["data"]!.GetValue<string>())!["description"]!.GetValue<string>().ShouldBe("Echo note");

        // A project whose ftrack switch is off in its AYON project settings offers no action with settings.
        var disabled = world.Ftrack.AddProject("proj_b");
        await world.Ayon.SeedProjectAsync("proj_b", "proj_b", CancellationToken.None);
        await world.Ayon.SetProjectAddonSettingsAsync("ftrack", ServiceWorld.AddonVersion, "production", "proj_b", new JsonObject { ["enabled"] = false }, CancellationToken.None);
        var onDisabled = world.Hub.PublishAsWebClient(ServerAction.DiscoverTopic, Selection(disabled));
        await WaitProcessedAsync(world, onDisabled);
        world.Hub.RepliesTo(onDisabled).ShouldBeEmpty();
        var refusedDisabled = await ReplyAsync(world, world.Hub.PublishAsWebClient(ServerAction.LaunchTopic, Launch("test.echo", disabled)));
        refusedDisabled["message"]!.GetValue<string>().ShouldContain("disabled");

        var exploded = await ReplyAsync(world, world.Hub.PublishAsWebClient(
            ServerAction.LaunchTopic, Launch("test.echo", project, new JsonObject { ["note"] = "explode", ["step"] = "2" })));
        exploded["success"]!.GetValue<bool>().ShouldBeFalse();
        exploded["message"]!.GetValue<string>().ShouldBe("InvalidOperationException \"Echo (test)\": Failed (asked to explode)");
    }

    [Fact]
    public async Task PrivateProjectDetection_SelectionTheServiceUserCannotRead_IsOfferedShowsTheFormAndAcknowledgesSilently()
    {
        var (world, leecher) = await StartAsync();
        await using var disposeWorld = world;
        await using var disposeLeecher = leecher;
        var readable = world.Ftrack.AddProject("proj_a");
        await using var processor = await InProcessProcessor.StartAsync(world, []);

        var onReadable = world.Hub.PublishAsWebClient(ServerAction.DiscoverTopic, Selection(readable));
        await WaitProcessedAsync(world, onReadable);
        world.Hub.RepliesTo(onReadable).ShouldBeEmpty();

        var hidden = "0f0e0d0c-private-project-0000000000ff";
        var offered = await ReplyAsync(world, world.Hub.PublishAsWebClient(ServerAction.DiscoverTopic, Selection(hidden)));
        offered["items"]!.AsArray().Single()!["actionIdentifier"]!.GetValue<string>().ShouldBe(PrivateProjectDetection.Action.Identifier);

        // The processor answers on the hub but takes its events from AYON: its connection subscribes to its replies only.
        world.Hub.Subscriptions.Count(s => s.Subscription == "topic=*").ShouldBe(1);
        world.Hub.Subscriptions.Where(s => s.Subscription != "topic=*").ShouldAllBe(s => s.Subscription == "topic=ftrack.meta.reply");
        world.Hub.Subscriptions.Select(s => s.Connection).Distinct().Count().ShouldBe(2);

        var form = await ReplyAsync(world, world.Hub.PublishAsWebClient(ServerAction.LaunchTopic, Launch(PrivateProjectDetection.Action.Identifier, hidden)));
        form["title"]!.GetValue<string>().ShouldBe("Missing permissions");
        form["submit_button_label"]!.GetValue<string>().ShouldBe("Got it");
        form["items"]!.AsArray().ShouldContain(i => i!["type"]!.GetValue<string>() == "label" && i["value"]!.GetValue<string>().Contains(world.Ftrack.ApiUser, StringComparison.Ordinal));
        form["items"]!.AsArray().ShouldContain(i => i!["type"]!.GetValue<string>() == "hidden");

        var acknowledged = world.Hub.PublishAsWebClient(ServerAction.LaunchTopic, Launch(PrivateProjectDetection.Action.Identifier, hidden, new JsonObject { ["acknowledged"] = true }));
        await WaitProcessedAsync(world, acknowledged);
        world.Hub.RepliesTo(acknowledged).ShouldBeEmpty();
    }

    [Fact]
    public async Task LeecherStartedMarker_ActiveProjectsWithAutoSync_PublishesOneSyncLaunchPerProject()
    {
        var (world, leecher) = await StartAsync();
        await using var disposeWorld = world;
        await using var disposeLeecher = leecher;
        var autoSync = world.Ftrack.AddCustomAttribute("auto_sync_enabled", "boolean", "show", defaultValue: false);
        var on1 = world.Ftrack.AddProject("on_1");
        var on2 = world.Ftrack.AddProject("on_2");
        var off = world.Ftrack.AddProject("off_1");
        var onButHeld = world.Ftrack.Seed("Project", new JsonObject
        {
            ["name"] = "held_1", ["full_name"] = "held_1", ["project_schema_id"] = FtrackSeed.DefaultProjectSchemaId, ["status"] = "hidden",
        });
        world.Ftrack.SetCustomAttributeValue(autoSync, on1, true);
        world.Ftrack.SetCustomAttributeValue(autoSync, on2, true);
        world.Ftrack.SetCustomAttributeValue(autoSync, off, false);
        world.Ftrack.SetCustomAttributeValue(autoSync, onButHeld, true);

        // The leecher stored its "leecher started" marker when it connected; the processor takes it from AYON.
        await using var processor = await InProcessProcessor.StartAsync(world, []);
        string? marker = null;
        await ServiceWorld.WaitUntilAsync(
            async () => (marker = (await world.Ayon.GetEventsAsync("ftrack.leech", CancellationToken.None))
                .SingleOrDefault(e => e.Payload["topic"]?.GetValue<string>() == StartAutoSync.MarkerTopic)?.Id) is not null,
            Deadline,
            "the leecher's marker");
        await ProcessorHarness.WaitForJobsAsync(world, [marker!], j => j.Status == "finished");
        List<JsonObject> launches = [];
        await ServiceWorld.WaitUntilAsync(
            async () =>
            {
                launches = [.. (await world.Ayon.GetEventsAsync("ftrack.leech", CancellationToken.None))
                    .Select(e => e.Payload)
                    .Where(p => p["topic"]?.GetValue<string>() == ServerAction.LaunchTopic)];
                return launches.Count >= 2;
            },
            Deadline,
            "two sync launches stored by the leecher");

        launches.Count.ShouldBe(2);
        (await world.Ayon.GetEventsAsync("ftrack.leech", CancellationToken.None)).Count(e => e.Payload["topic"]?.GetValue<string>() == StartAutoSync.MarkerTopic).ShouldBe(1);
        launches.Select(l => l["data"]!["selection"]![0]!["entityId"]!.GetValue<string>()).Order().ShouldBe(new[] { on1, on2 }.Order());
        launches.ShouldAllBe(l => l["data"]!["actionIdentifier"]!.GetValue<string>() == StartAutoSync.SyncActionIdentifier
            && l["data"]!["selection"]![0]!["entityType"]!.GetValue<string>() == "show"
            && l["source"]!["user"]!["username"]!.GetValue<string>() == world.Ftrack.ApiUser);
    }
}
