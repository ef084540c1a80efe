using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Integration.Tests.Processor;
using AyonFtrack.Sandbox.Ftrack;

namespace AyonFtrack.Integration.Tests.Sync;

/// <summary>
/// <c>event_users_sync_from_ftrack.py</c> over both emulators through the real processor: a project role given or
/// taken in ftrack (the emulator's <c>userroleproject</c> event, stored as the leecher stores it) reaches the AYON
/// artist's access groups on a private project only.
/// </summary>
public sealed class UsersSyncFromFtrackTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Processor_RoleAddedThenRemovedOnPrivateProject_ArtistGetsThenLosesDefaultGroupsManagerUntouchedReplaysWriteNothing()
    {
        await using var world = await UsersWorld.StartAsync();
        await using var processor = await InProcessProcessor.StartAsync(world.Sync.World, []);

        var added = await world.CommitAndCaptureAsync(s =>
        {
            world.RoleProjectIds.Add(s.Create("UserSecurityRoleProject", new Dictionary<string, object?> { ["user_security_role_id"] = world.ArtistRoleId, ["project_id"] = world.PrivateId }).Id);
            s.Create("UserSecurityRoleProject", new Dictionary<string, object?> { ["user_security_role_id"] = world.ManagerRoleId, ["project_id"] = world.PrivateId });
        });
        var item = added.First(e => (string?)e["entityType"] == "userroleproject");
        item["changes"]!["project_id"]!["new"]!.GetValue<string>().ShouldBe(world.PrivateId);
        item["parents"]!.AsArray().ShouldContain(p => (string?)p!["entityType"] == "user");

        await world.ProcessAsync(added);
        (await world.GroupsAsync("jane")).ShouldBe("""{"priv_show":["artist","viewer"]}""");
        (await world.GroupsAsync("max")).ShouldBe("{}");
        var patches = world.UserPatches;
        patches.ShouldBe(1);

        await world.ProcessAsync(added);
        world.UserPatches.ShouldBe(patches);

        var removed = await world.CommitAndCaptureAsync(s => s.Delete(FtrackEntityRef.Of("UserSecurityRoleProject", world.RoleProjectIds[0])));
        removed.First(e => (string?)e["entityType"] == "userroleproject")["changes"]!["project_id"]!["new"].ShouldBeNull();
        await world.ProcessAsync(removed);
        (await world.GroupsAsync("jane")).ShouldBe("{}");
        world.UserPatches.ShouldBe(patches + 1);

        await world.ProcessAsync(removed);
        world.UserPatches.ShouldBe(patches + 1);
    }

    [Fact]
    public async Task Processor_RoleOnPublicProjectOrProjectMissingInAyon_LeavesTheUserAlone()
    {
        await using var world = await UsersWorld.StartAsync();
        await using var processor = await InProcessProcessor.StartAsync(world.Sync.World, []);

        var events = await world.CommitAndCaptureAsync(s =>
        {
            s.Create("UserSecurityRoleProject", new Dictionary<string, object?> { ["user_security_role_id"] = world.ArtistRoleId, ["project_id"] = world.PublicId });
            s.Create("UserSecurityRoleProject", new Dictionary<string, object?> { ["user_security_role_id"] = world.ArtistRoleId, ["project_id"] = world.NotInAyonId });
        });
        events.Count(e => (string?)e["entityType"] == "userroleproject").ShouldBe(2);

        await world.ProcessAsync(events);
        (await world.GroupsAsync("jane")).ShouldBe("{}");
        world.UserPatches.ShouldBe(0);
    }

    /// <summary>The sync world plus three ftrack projects (private in AYON, public in AYON, private not in AYON), an artist and a manager.</summary>
    private sealed class UsersWorld : IAsyncDisposable
    {
        private UsersWorld(SyncWorld sync) => Sync = sync;

        public SyncWorld Sync { get; }

        public string PrivateId { get; private set; } = "";

        public string PublicId { get; private set; } = "";

        public string NotInAyonId { get; private set; } = "";

        public string ArtistRoleId { get; private set; } = "";

        public string ManagerRoleId { get; private set; } = "";

        public List<string> RoleProjectIds { get; } = [];

        public long UserPatches => Sync.World.Ayon.RequestCount("PATCH", "/api/users/");

        public static async Task<UsersWorld> StartAsync()
        {
            var sync = await SyncWorld.StartAsync();
            var world = new UsersWorld(sync);
            try
            {
                var ftrack = sync.World.Ftrack;
                world.PrivateId = Project(ftrack, "pv", "priv_show", isPrivate: true);
                world.PublicId = Project(ftrack, "pb", "pub_show", isPrivate: false);
                world.NotInAyonId = Project(ftrack, "na", "elsewhere", isPrivate: true);
                var jane = ftrack.AddUser("jane.roe@studio.test", email: "jane@studio.test");
                var max = ftrack.AddUser("max@studio.test", email: "max@studio.test");
                var userRole = FtrackSeed.IdFor("role:User");
                world.ArtistRoleId = ftrack.Seed("UserSecurityRole", new JsonObject { ["user_id"] = jane.Id, ["security_role_id"] = userRole, ["is_all_projects"] = false });
                world.ManagerRoleId = ftrack.Seed("UserSecurityRole", new JsonObject { ["user_id"] = max.Id, ["security_role_id"] = userRole, ["is_all_projects"] = false });

                var ayon = sync.World.Ayon;
                var defaults = new JsonArray("artist", "viewer", "no-such-group");
                await ayon.AddUserAsync("jane", null, new JsonObject { ["defaultAccessGroups"] = defaults.DeepClone() }, new JsonObject { ["email"] = "jane@studio.test" }, None);
                await ayon.AddUserAsync("max", null, new JsonObject { ["isManager"] = true, ["defaultAccessGroups"] = defaults.DeepClone() }, new JsonObject { ["email"] = "max@studio.test" }, None);
                var (_, api, _, scope) = sync.Scope();
                await using (scope)
                {
                    (await api.DeployProjectAsync(new DeployProjectRequest { Name = "priv_show", Code = "pv" }, None)).IsSuccessful.ShouldBeTrue();
                    (await api.DeployProjectAsync(new DeployProjectRequest { Name = "pub_show", Code = "pb" }, None)).IsSuccessful.ShouldBeTrue();
                }

                ayon.ResetRequestCounts();
                return world;
            }
            catch
            {
                await sync.DisposeAsync();
                throw;
            }
        }

        public Task<JsonObject[]> CommitAndCaptureAsync(Action<FtrackSession> change) => Sync.CommitAndCaptureAsync(change);

        /// <summary>Stores the items as one leeched <c>ftrack.update</c> (a new ftrack id each time, as a replay is) and waits for its job to finish.</summary>
        public async Task ProcessAsync(JsonObject[] entities)
        {
            var source = await ProcessorHarness.StoreAsync(Sync.World, "ftrack.update", new JsonObject { ["entities"] = new JsonArray([.. entities.Select(e => e.DeepClone())]) });
            await ProcessorHarness.WaitForJobsAsync(Sync.World, [source], j => j.Status is "finished" or "failed");
            (await ProcessorHarness.JobsAsync(Sync.World)).Single(j => j.DependsOn == source).Status.ShouldBe("finished");
        }

        /// <summary>The user's <c>data.accessGroups</c> as AYON stores it (JSON; <c>{}</c> when it has none).</summary>
        public async Task<string> GroupsAsync(string user)
        {
            var (_, api, _, scope) = Sync.Scope();
            await using (scope)
            {
                using var response = await api.GetUserAsync(user, None);
                return (response.Content!.Data["accessGroups"] as JsonObject ?? []).ToJsonString();
            }
        }

        public ValueTask DisposeAsync() => Sync.DisposeAsync();

        private static string Project(FtrackEmulator ftrack, string code, string fullName, bool isPrivate) =>
            ftrack.Seed("Project", new JsonObject { ["name"] = code, ["full_name"] = fullName, ["project_schema_id"] = FtrackSeed.DefaultProjectSchemaId, ["is_private"] = isPrivate });
    }
}
