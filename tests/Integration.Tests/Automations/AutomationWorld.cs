using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Automations;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Integration.Tests.Support;
using AyonFtrack.Integration.Tests.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace AyonFtrack.Integration.Tests.Automations;

/// <summary>
/// <see cref="SyncWorld"/> with the automations registered next to the sync (as in the processor), the show fully
/// synchronised to AYON (unless asked not to), and the statuses the automations' defaults name (<c>Completed</c>, <c>Not Ready</c>,
/// <c>Retake</c>) added to ftrack's workflows and to the Shot schema.
/// </summary>
internal sealed class AutomationWorld : IAsyncDisposable
{
    private AutomationWorld(SyncWorld sync) => Sync = sync;

    public SyncWorld Sync { get; }

    public AyonFtrack.Sandbox.Ftrack.FtrackEmulator Ftrack => Sync.World.Ftrack;

    public static async Task<AutomationWorld> StartAsync(Action<AutomationWorld>? seed = null, bool synced = true)
    {
        var sync = await SyncWorld.StartAsync(extraModules: [new AutomationsModule()]);
        try
        {
            var world = new AutomationWorld(sync);
            world.AddStatus("Completed", "DONE", "Shot", "Asset Build");
            world.AddStatus("Not Ready", "NOT_STARTED");
            world.AddStatus("Retake", "IN_PROGRESS", "Shot");
            seed?.Invoke(world);
            if (synced)
            {
                await sync.FullSyncAsync();
            }

            return world;
        }
        catch
        {
            await sync.DisposeAsync();
            throw;
        }
    }

    /// <summary>Adds a status to every workflow (task and version) and to the schemas of the named object types.</summary>
    public string AddStatus(string name, string state, params string[] objectTypes)
    {
        var id = Ftrack.AddStatus(name, state);
        foreach (var objectType in objectTypes)
        {
            var objectTypeId = Ftrack.ObjectTypeId(objectType);
            foreach (var schema in Ftrack.QueryLocal($"select id from Schema where object_type_id is \"{objectTypeId}\"").OfType<JsonObject>())
            {
                Ftrack.Seed("SchemaStatus", new JsonObject { ["schema_id"] = schema["id"]!.GetValue<string>(), ["status_id"] = id, ["sort"] = 100 });
            }
        }

        return id;
    }

    /// <summary>The current status name of a ftrack entity.</summary>
    public string StatusOf(string entityType, string id)
    {
        var statusId = Ftrack.GetEntity(entityType, id)!["status_id"]!.GetValue<string>();
        return Ftrack.GetEntity("Status", statusId)!["name"]!.GetValue<string>();
    }

    /// <summary>
    /// Commits <paramref name="change"/> through the product's session, then dispatches every <c>ftrack.update</c> the
    /// emulator publishes (the change's, then those of the processor's own writes) until no new event comes; returns
    /// how many events were dispatched. Fails when the chain does not settle within <paramref name="maxEvents"/>.
    /// </summary>
    public async Task<int> CommitAndSettleAsync(Action<FtrackSession> change, int maxEvents = 10, AyonFtrack.Sandbox.Ftrack.FtrackSeededUser? asUser = null)
    {
        var seen = Sync.Updates.Snapshot().Count;
        if (asUser is null)
        {
            await Sync.CommitAsync(change);
        }
        else
        {
            await CommitAsAsync(asUser, change);
        }

        var dispatched = 0;
        var dispatcher = Sync.Services.GetRequiredService<SliceDispatcher>();
        while (Sync.Updates.Snapshot().Count > seen)
        {
            var next = Sync.Updates.Snapshot()[seen++];
            if ((string?)next["topic"] != "ftrack.update")
            {
                continue;
            }

            dispatched++;
            dispatched.ShouldBeLessThanOrEqualTo(maxEvents, "the automations' writes do not settle");
            var report = await dispatcher.DispatchAsync("ftrack.update", FtrackEvent.FromHub(JsonSerializer.SerializeToElement(next)), CancellationToken.None);
            report.Succeeded.ShouldBeTrue(report.FailureSummary);
        }

        return dispatched;
    }

    /// <summary>Commits through a session of its own, authenticated as <paramref name="user"/> (a person in the web UI, not the service).</summary>
    private async Task CommitAsAsync(AyonFtrack.Sandbox.Ftrack.FtrackSeededUser user, Action<FtrackSession> change)
    {
        var services = new ServiceCollection();
        services.AddFtrackClient();
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<FtrackConnection>().Use(new FtrackCredentials(Ftrack.BaseUrl, user.Username, user.ApiKey));
        await using var scope = provider.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<FtrackSession>();
        change(session);
        await session.CommitAsync(CancellationToken.None);
    }

    /// <summary>Sets project-level addon settings overrides (AYON project settings of the ftrack addon).</summary>
    public Task SetProjectSettingsAsync(JsonObject overrides) =>
        Sync.World.Ayon.SetProjectAddonSettingsAsync("ftrack", ServiceWorld.AddonVersion, "production", SyncWorld.ProjectName, overrides, CancellationToken.None);

    public ValueTask DisposeAsync() => Sync.DisposeAsync();
}
