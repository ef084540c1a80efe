using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Sync;
using Microsoft.Extensions.Logging.Abstractions;

namespace AyonFtrack.Integration.Tests.Sync;

public sealed class UserSyncTests
{
    [Fact]
    public async Task RunAsync_ProjectManagerInFtrack_AyonManagerWithFtrackIdAndSecondRunWritesNothing()
    {
        await using var world = await SyncWorld.StartAsync();
        var ftrack = world.World.Ftrack;
        var manager = ftrack.AddUser("jdoe@x.test", firstName: "J", lastName: "Doe", email: "jdoe@x.test");
        var role = ftrack.Seed("SecurityRole", new System.Text.Json.Nodes.JsonObject { ["name"] = "Project Manager", ["type"] = "PROJECT" });
        ftrack.Seed("UserSecurityRole", new System.Text.Json.Nodes.JsonObject
        {
            ["user_id"] = manager.Id, ["security_role_id"] = role, ["is_all_projects"] = true,
        });

        var (session, ayon, _, scope) = world.Scope();
        await using (scope)
        {
            var sync = new UserSync(session, ayon, NullLogger<UserSync>.Instance);
            var first = await sync.RunAsync(CancellationToken.None);
            first.ShouldContain(w => w.Name == "jdoe" && w.Create);

            var user = (await ayon.ListUsersAsync(new UserFilter(Names: ["jdoe"]), CancellationToken.None)).ShouldHaveSingleItem();
            user.IsManager.ShouldBeTrue();
            user.Active.ShouldBeTrue();
            (await ayon.GetUserAsync("jdoe", CancellationToken.None)).Content!.Data["ftrack"]!["id"]!.GetValue<string>().ShouldBe(manager.Id);

            (await sync.RunAsync(CancellationToken.None)).ShouldNotContain(w => w.Name == "jdoe");
        }
    }
}
