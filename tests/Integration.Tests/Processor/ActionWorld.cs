using System.Text.Json.Nodes;
using AyonFtrack.Integration.Tests.Support;
using AyonFtrack.Sandbox.Ftrack;
using AyonFtrack.Sandbox.Ftrack.Hub;

namespace AyonFtrack.Integration.Tests.Processor;

/// <summary>
/// The world of an action test: both emulators, the real leecher subscribed to the hub, and the fake web client's user
/// (an all-projects Administrator, so every role list lets it in). The processor is started by the test, after seeding.
/// </summary>
internal sealed class ActionWorld : IAsyncDisposable
{
    private ActionWorld(ServiceWorld world, HostProcess leecher, FtrackSeededUser user)
    {
        World = world;
        Leecher = leecher;
        User = user;
    }

    public ServiceWorld World { get; }

    public HostProcess Leecher { get; }

    /// <summary>The web client's ftrack user.</summary>
    public FtrackSeededUser User { get; }

    public static async Task<ActionWorld> StartAsync()
    {
        var world = await ServiceWorld.StartAsync();
        try
        {
            var leecher = HostProcess.Start(world.Environment("ftrack-leecher"), ["leecher", "--Service:MaxRetryDelay", "00:00:01"]);
            await ServiceWorld.WaitUntilAsync(() => Task.FromResult(world.Hub.Subscriptions.Any(s => s.Subscription == "topic=*")), ProcessorHarness.Deadline, "the leecher's subscription");
            var user = world.Ftrack.AddUser(new FtrackHubServerOptions().WebClientUsername);
            world.Ftrack.Seed("UserSecurityRole", new JsonObject { ["user_id"] = user.Id, ["security_role_id"] = FtrackSeed.IdFor("role:Administrator"), ["is_all_projects"] = true });
            return new ActionWorld(world, leecher, user);
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Leecher.DisposeAsync();
        await World.DisposeAsync();
    }
}
