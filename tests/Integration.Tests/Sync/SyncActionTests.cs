using System.Text.Json.Nodes;
using AyonFtrack.Features.Actions;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Features.Sync.Actions;
using AyonFtrack.Integration.Tests.Processor;
using AyonFtrack.Integration.Tests.Support;
using AyonFtrack.Sandbox.Ftrack;
using AyonFtrack.Sandbox.Ftrack.Hub;

namespace AyonFtrack.Integration.Tests.Sync;

/// <summary>
/// The Sync area's server actions end to end as in production: the fake web client publishes on the ftrack emulator's
/// hub, the real leecher (its own process) stores the events in AYON, the real processor composition (in this process)
/// takes them from AYON's queue and answers on the hub.
/// </summary>
public sealed class SyncActionTests
{
    private static readonly TimeSpan Deadline = ProcessorHarness.Deadline;

    /// <summary>The show of <see cref="SyncWorld"/>, with auto-sync set as asked, and the leecher running.</summary>
    internal static async Task<(SyncWorld World, HostProcess Leecher)> StartAsync(bool autoSync)
    {
        var world = await SyncWorld.StartAsync();
        try
        {
            var autoSyncConfiguration = world.World.Ftrack.QueryLocal("select id from CustomAttributeConfiguration where key is 'auto_sync_enabled'")
                .Single()!["id"]!.GetValue<string>();
            world.World.Ftrack.SetCustomAttributeValue(autoSyncConfiguration, world.ProjectId, autoSync);
            var leecher = HostProcess.Start(world.World.Environment("ftrack-leecher"), ["leecher", "--Service:MaxRetryDelay", "00:00:01"]);
            await ServiceWorld.WaitUntilAsync(() => Task.FromResult(world.World.Hub.Subscriptions.Any(s => s.Subscription == "topic=*")), Deadline, "the leecher's subscription");
            return (world, leecher);
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    internal static JsonObject Launch(string identifier, string projectId, JsonObject? values = null)
    {
        var data = new JsonObject
        {
            ["actionIdentifier"] = identifier,
            ["selection"] = new JsonArray(new JsonObject { ["entityId"] = projectId, ["entityType"] = "show" }),
        };
        if (values is not null)
        {
            data["values"] = values;
        }

        return data;
    }

    internal static JsonObject Discover(string projectId) =>
        new() { ["selection"] = new JsonArray(new JsonObject { ["entityId"] = projectId, ["entityType"] = "show" }) };

    internal static async Task<JsonObject> ReplyAsync(ServiceWorld world, string eventId) =>
        (await world.Hub.WaitForRepliesAsync(eventId, 1, Deadline, CancellationToken.None))[0]["data"]!.AsObject();

    /// <summary>The items offered for a discover event by the Sync area's three project actions (one reply each).</summary>
    /// <summary>The items offered for <paramref name="eventId"/> once the Sync area's three project actions have answered (other areas may answer too).</summary>
    internal static async Task<List<JsonObject>> OfferedAsync(ServiceWorld world, string eventId)
    {
        string[] sync = [SyncFromFtrackAction.Action.Identifier, PrepareProject.Action.Identifier, SyncUsersAction.Action.Identifier];
        List<JsonObject> Items() => [.. world.Hub.RepliesTo(eventId).SelectMany(r => r["data"]!["items"]!.AsArray()).OfType<JsonObject>()];
        await ServiceWorld.WaitUntilAsync(
            () => Task.FromResult(sync.All(id => Items().Any(i => i["actionIdentifier"]?.GetValue<string>() == id))),
            Deadline,
            "the Sync actions' items");
        return Items();
    }

    /// <summary>Waits until the processor's job for the ftrack event <paramref name="ftrackId"/> has ended.</summary>
    internal static Task WaitProcessedAsync(ServiceWorld world, string ftrackId) => ServiceWorld.WaitUntilAsync(
        async () =>
        {
            var source = (await world.Ayon.GetEventsAsync("ftrack.leech", CancellationToken.None)).FirstOrDefault(e => e.Hash == ftrackId);
            return source is not null && (await ProcessorHarness.JobsAsync(world)).Any(j => j.DependsOn == source.Id && j.Status is "finished" or "failed");
        },
        Deadline,
        $"the processing of ftrack event {ftrackId}");

    /// <summary>Gives the web client's user (jane) the Administrator role on all projects.</summary>
    internal static string GrantAdministrator(ServiceWorld world)
    {
        var jane = world.Ftrack.AddUser(new FtrackHubServerOptions().WebClientUsername);
        world.Ftrack.Seed("UserSecurityRole", new JsonObject
        {
            ["user_id"] = jane.Id,
            ["security_role_id"] = FtrackSeed.IdFor("role:Administrator"),
            ["is_all_projects"] = true,
        });
        return jane.Id;
    }

    [Fact]
    public async Task SyncToAyon_LaunchOnSeededShow_RefusedWhileAyonLacksTheProjectThenSyncsUnderAJobAndDriftIsEmpty()
    {
        var (world, leecher) = await StartAsync(autoSync: false);
        await using var disposeWorld = world;
        await using var disposeLeecher = leecher;
        var janeId = GrantAdministrator(world.World);
        await using var processor = await InProcessProcessor.StartAsync(world.World, []);

        var offered = await OfferedAsync(world.World, world.World.Hub.PublishAsWebClient(ServerAction.DiscoverTopic, Discover(world.ProjectId)));
        // The Sync area offers its three project actions once each (the Attributes area's admin actions answer too).
        offered.Select(i => i["actionIdentifier"]!.GetValue<string>()).Where(id => id.StartsWith("sync.", StringComparison.Ordinal) || id.Contains("prepare", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ShouldBe(["ayon.prepare.project.server", "sync.from.ftrack.to.ayon", "sync.users.from.ftrack.to.ayon"]);
        var item = offered.Single(i => i["actionIdentifier"]!.GetValue<string>() == "sync.from.ftrack.to.ayon");
        item["label"]!.GetValue<string>().ShouldBe("AYON Admin");
        item["variant"]!.GetValue<string>().ShouldBe("- Sync to AYON");
        item["icon"]!.GetValue<string>().ShouldEndWith($"/addons/ftrack/{ServiceWorld.AddonVersion}/public/icons/AYONAdmin.svg");

        var missing = await ReplyAsync(world.World, world.World.Hub.PublishAsWebClient(ServerAction.LaunchTopic, Launch(SyncFromFtrackAction.Action.Identifier, world.ProjectId)));
        missing["success"]!.GetValue<bool>().ShouldBeFalse();
        missing["message"]!.GetValue<string>().ShouldContain("Prepare Project");
        (await world.World.Ayon.GetEventsAsync("entity.project.created", CancellationToken.None)).ShouldBeEmpty();

        await world.World.Ayon.SeedProjectAsync(SyncWorld.ProjectName, "ds", CancellationToken.None);
        var synced = await ReplyAsync(world.World, world.World.Hub.PublishAsWebClient(ServerAction.LaunchTopic, Launch(SyncFromFtrackAction.Action.Identifier, world.ProjectId)));

        synced["success"]!.GetValue<bool>().ShouldBeTrue(synced.ToJsonString());
        synced["message"]!.GetValue<string>().ShouldStartWith($"Sync to AYON of \"{SyncWorld.ProjectName}\" finished: ");
        (await world.DriftAsync()).ShouldBeEmpty();
        var job = world.World.Ftrack.QueryLocal("select status, data, user_id from Job").Single()!.AsObject();
        job["status"]!.GetValue<string>().ShouldBe("done");
        job["user_id"]!.GetValue<string>().ShouldBe(janeId);
        JsonNode.Parse(job["data"]!.GetValue<string>())!["description"]!.GetValue<string>().ShouldBe($"Sync to AYON: {SyncWorld.ProjectName}");

        // A second launch finds nothing to do.
        var again = await ReplyAsync(world.World, world.World.Hub.PublishAsWebClient(ServerAction.LaunchTopic, Launch(SyncFromFtrackAction.Action.Identifier, world.ProjectId)));
        again["message"]!.GetValue<string>().ShouldEndWith("AYON was already up to date.");
    }

    [Fact]
    public async Task SyncToAyon_UserWithoutAListedRole_IsNotOfferedAndTheLaunchIsRefused()
    {
        var (world, leecher) = await StartAsync(autoSync: false);
        await using var disposeWorld = world;
        await using var disposeLeecher = leecher;
        world.World.Ftrack.AddUser(new FtrackHubServerOptions().WebClientUsername);
        await world.World.Ayon.SeedProjectAsync(SyncWorld.ProjectName, "ds", CancellationToken.None);
        await using var processor = await InProcessProcessor.StartAsync(world.World, []);

        var discover = world.World.Hub.PublishAsWebClient(ServerAction.DiscoverTopic, Discover(world.ProjectId));
        await WaitProcessedAsync(world.World, discover);
        world.World.Hub.RepliesTo(discover).ShouldBeEmpty();

        var refused = await ReplyAsync(world.World, world.World.Hub.PublishAsWebClient(ServerAction.LaunchTopic, Launch(SyncFromFtrackAction.Action.Identifier, world.ProjectId)));
        refused["success"]!.GetValue<bool>().ShouldBeFalse();
        refused["message"]!.GetValue<string>().ShouldBe("You don't have a role that may run \"AYON Admin - Sync to AYON\".");
        world.World.Ftrack.QueryLocal("select id from Job").ShouldBeEmpty();
        (await world.World.Ayon.GetEventsAsync("entity.folder.created", CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task LeecherStartedMarker_AutoSyncProject_StartAutoSyncLaunchesTheSyncWhichTheProcessorRunsAsTheServiceUser()
    {
        var (world, leecher) = await StartAsync(autoSync: true);
        await using var disposeWorld = world;
        await using var disposeLeecher = leecher;
        await world.World.Ayon.SeedProjectAsync(SyncWorld.ProjectName, "ds", CancellationToken.None);

        // The role list names a role nobody has: the service's own launch still runs (the original checks no roles on
        // launch), while a user's launch would be refused.
        await world.World.Ayon.SetProjectAddonSettingsAsync("ftrack", ServiceWorld.AddonVersion, "production", SyncWorld.ProjectName, new JsonObject
        {
            ["service_event_handlers"] = new JsonObject { ["sync_from_ftrack"] = new JsonObject { ["role_list"] = new JsonArray("Supervisor") } },
        }, CancellationToken.None);

        await using var processor = await InProcessProcessor.StartAsync(world.World, []);

        string? launchEvent = null;
        await ServiceWorld.WaitUntilAsync(
            async () => (launchEvent = (await world.World.Ayon.GetEventsAsync("ftrack.leech", CancellationToken.None))
                .SingleOrDefault(e => e.Payload["topic"]?.GetValue<string>() == ServerAction.LaunchTopic)?.Id) is not null,
            Deadline,
            "the sync launch published by StartAutoSync and stored by the leecher");
        await ProcessorHarness.WaitForJobsAsync(world.World, [launchEvent!], j => j.Status == "finished");

        var stored = (await world.World.Ayon.GetEventsAsync("ftrack.leech", CancellationToken.None)).ToList();
        var marker = stored.Single(e => e.Payload["topic"]?.GetValue<string>() == StartAutoSync.MarkerTopic);
        (await ProcessorHarness.JobsAsync(world.World)).ShouldContain(j => j.DependsOn == marker.Id && j.Status == "finished");
        var launch = stored.Single(e => e.Id == launchEvent).Payload;
        launch["source"]!["user"]!["username"]!.GetValue<string>().ShouldBe(world.World.Ftrack.ApiUser);
        (await world.DriftAsync()).ShouldBeEmpty();
        var job = world.World.Ftrack.QueryLocal("select status, user_id from Job").Single()!.AsObject();
        job["status"]!.GetValue<string>().ShouldBe("done");
        job["user_id"]!.GetValue<string>().ShouldBe(world.World.Ftrack.ApiUserId);
    }

    [Fact]
    public async Task SyncUsers_FormThenSubmission_CreatesTheArtistWithTheChosenGroupsOnItsProjects()
    {
        var (world, leecher) = await StartAsync(autoSync: false);
        await using var disposeWorld = world;
        await using var disposeLeecher = leecher;
        GrantAdministrator(world.World);
        await world.World.Ayon.SeedProjectAsync(SyncWorld.ProjectName, "ds", CancellationToken.None);
        var kate = world.World.Ftrack.AddUser("kate@x.test", firstName: "Kate", lastName: "Lee", email: "kate@x.test");
        var artistRole = world.World.Ftrack.Seed("SecurityRole", new JsonObject { ["name"] = "Artist", ["type"] = "PROJECT" });
        world.World.Ftrack.Seed("UserSecurityRole", new JsonObject { ["user_id"] = kate.Id, ["security_role_id"] = artistRole, ["is_all_projects"] = true });
        // dan is a manager in AYON but only an artist in ftrack now: the downgrade gives him the artist groups.
        var dan = world.World.Ftrack.AddUser("dan@x.test", firstName: "Dan", lastName: "Ho", email: "dan@x.test");
        world.World.Ftrack.Seed("UserSecurityRole", new JsonObject { ["user_id"] = dan.Id, ["security_role_id"] = artistRole, ["is_all_projects"] = true });
        await world.World.Ayon.AddUserAsync("dan", null, new JsonObject { ["isManager"] = true }, new JsonObject { ["email"] = "dan@x.test", ["fullName"] = "Dan Ho" }, CancellationToken.None);
        await using var processor = await InProcessProcessor.StartAsync(world.World, []);

        var form = await ReplyAsync(world.World, world.World.Hub.PublishAsWebClient(ServerAction.LaunchTopic, Launch(SyncUsersAction.Action.Identifier, world.ProjectId)));
        form["title"]!.GetValue<string>().ShouldBe("Default artist access groups");
        form["items"]!.AsArray().Single(i => i!["name"]?.GetValue<string>() == "access_groups")!["value"]!.ToJsonString().ShouldBe("""["artist","supervisor","viewer"]""");

        var done = await ReplyAsync(world.World, world.World.Hub.PublishAsWebClient(
            ServerAction.LaunchTopic, Launch(SyncUsersAction.Action.Identifier, world.ProjectId, new JsonObject { ["access_groups"] = new JsonArray("viewer") })));

        done["success"]!.GetValue<bool>().ShouldBeTrue(done.ToJsonString());
        done["message"]!.GetValue<string>().ShouldStartWith("Sync users to AYON finished: ");
        var (_, ayon, _, scope) = world.Scope();
        await using (scope)
        {
            var user = (await ayon.GetUserAsync("kate", CancellationToken.None)).Content!;
            user.Data["ftrack"]!["id"]!.GetValue<string>().ShouldBe(kate.Id);
            user.Data["defaultAccessGroups"]!.ToJsonString().ShouldBe("""["viewer"]""");
            user.Data["accessGroups"]!.ToJsonString().ShouldBe($$"""{"{{SyncWorld.ProjectName}}":["viewer"]}""");
            var downgraded = (await ayon.GetUserAsync("dan", CancellationToken.None)).Content!;
            downgraded.Data["isManager"]!.GetValue<bool>().ShouldBeFalse();
            downgraded.Data["accessGroups"]!.ToJsonString().ShouldBe($$"""{"{{SyncWorld.ProjectName}}":["viewer"]}""");
        }

        world.World.Ftrack.QueryLocal("select status, data from Job").ShouldContain(j => j!["status"]!.GetValue<string>() == "done"
            && j["data"]!.GetValue<string>().Contains("Sync users to AYON", StringComparison.Ordinal));
    }
}
