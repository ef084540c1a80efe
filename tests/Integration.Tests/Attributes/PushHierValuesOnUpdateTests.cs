using System.Text.Json.Nodes;
using AyonFtrack.Features.Attributes;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Integration.Tests.Support;
using AyonFtrack.Integration.Tests.Sync;

namespace AyonFtrack.Integration.Tests.Attributes;

/// <summary>P-15 over the ftrack and AYON emulators, through the processor's slice dispatcher.</summary>
public sealed class PushHierValuesOnUpdateTests
{
    private const string Slice = "Attributes.PushHierValuesOnUpdate";

    [Fact]
    public async Task Dispatch_StandardValueChanged_HierarchicalFollowsAndOwnWritesSettle()
    {
        await using var world = await StartAsync();
        var std = world.World.Ftrack.AddCustomAttribute("frameStart", "number", entityType: "task", objectTypeId: world.World.Ftrack.ObjectTypeId("Shot"));
        world.World.Ftrack.SetCustomAttributeValue(std, world.Shot1Id, 1001);
        await world.FullSyncAsync();

        var mark = world.Updates.Snapshot().Count;
        var (_, report) = await world.CommitAndDispatchAsync(s => s.SetCustomAttribute(FtrackEntityRef.Of("Shot", world.Shot1Id), std, 1010.0));

        Outcome(report).ShouldBe(SliceOutcomeKind.Succeeded);
        Number(world.World.Ftrack.GetCustomAttributeValue(world.FrameStartConfigurationId, world.Shot1Id)).ShouldBe(1010);
        Number(world.World.Ftrack.GetCustomAttributeValue(std, world.Shot1Id)).ShouldBe(1010);

        // The handler's own write came back as an ftrack.update; dispatching it writes nothing more.
        (await SettleAsync(world, mark)).ShouldBe(1);
        Number(world.World.Ftrack.GetCustomAttributeValue(world.FrameStartConfigurationId, world.Shot1Id)).ShouldBe(1010);
    }

    [Fact]
    public async Task Dispatch_HierarchicalValueChanged_StandardFollows()
    {
        await using var world = await StartAsync();
        var std = world.World.Ftrack.AddCustomAttribute("frameStart", "number", entityType: "task", objectTypeId: world.World.Ftrack.ObjectTypeId("Shot"));
        world.World.Ftrack.SetCustomAttributeValue(std, world.Shot1Id, 1001);
        await world.FullSyncAsync();

        var mark = world.Updates.Snapshot().Count;
        var (_, report) = await world.CommitAndDispatchAsync(s => s.SetCustomAttribute(FtrackEntityRef.Of("Shot", world.Shot1Id), world.FrameStartConfigurationId, 1020.0));

        Outcome(report).ShouldBe(SliceOutcomeKind.Succeeded);
        Number(world.World.Ftrack.GetCustomAttributeValue(std, world.Shot1Id)).ShouldBe(1020);
        (await SettleAsync(world, mark)).ShouldBe(1);
    }

    [Fact]
    public async Task Dispatch_NewShot_BothSidesFilledFromTheInheritedValue()
    {
        await using var world = await StartAsync();
        var std = world.World.Ftrack.AddCustomAttribute("frameStart", "number", entityType: "task", objectTypeId: world.World.Ftrack.ObjectTypeId("Shot"));
        world.World.Ftrack.SetCustomAttributeValue(world.FrameStartConfigurationId, world.SequenceId, 990);
        await world.FullSyncAsync();
        string? shotId = null;

        var mark = world.Updates.Snapshot().Count;
        var (_, report) = await world.CommitAndDispatchAsync(s => shotId = s.Create("Shot", new Dictionary<string, object?> { ["name"] = "sh030", ["parent_id"] = world.SequenceId }).Id);

        Outcome(report).ShouldBe(SliceOutcomeKind.Succeeded);
        Number(world.World.Ftrack.GetCustomAttributeValue(std, shotId!)).ShouldBe(990);
        Number(world.World.Ftrack.GetCustomAttributeValue(world.FrameStartConfigurationId, shotId!)).ShouldBe(990);
        (await SettleAsync(world, mark)).ShouldBe(1);
    }

    [Fact]
    public async Task Dispatch_ProjectFtrackSwitchOff_LeavesValuesAlone()
    {
        // The original (reference §7.2) pushed values even in a project whose ftrack switch is off.
        await using var world = await StartAsync();
        var std = world.World.Ftrack.AddCustomAttribute("frameStart", "number", entityType: "task", objectTypeId: world.World.Ftrack.ObjectTypeId("Shot"));
        world.World.Ftrack.SetCustomAttributeValue(std, world.Shot1Id, 1001);
        await world.FullSyncAsync();
        await world.World.Ayon.SetProjectAddonSettingsAsync("ftrack", ServiceWorld.AddonVersion, "production", SyncWorld.ProjectName, new JsonObject { ["enabled"] = false }, CancellationToken.None);

        var mark = world.Updates.Snapshot().Count;
        var (_, report) = await world.CommitAndDispatchAsync(s => s.SetCustomAttribute(FtrackEntityRef.Of("Shot", world.Shot1Id), std, 1010.0));

        Outcome(report).ShouldBe(SliceOutcomeKind.Succeeded);
        Number(world.World.Ftrack.GetCustomAttributeValue(world.FrameStartConfigurationId, world.Shot1Id)).ShouldBe(1001);
    }

    [Fact]
    public async Task Dispatch_HandlerDisabledInSettings_LeavesValuesAlone()
    {
        await using var world = await StartAsync();
        var std = world.World.Ftrack.AddCustomAttribute("frameStart", "number", entityType: "task", objectTypeId: world.World.Ftrack.ObjectTypeId("Shot"));
        world.World.Ftrack.SetCustomAttributeValue(std, world.Shot1Id, 1001);
        await world.FullSyncAsync();
        await world.World.Ayon.SetProjectAddonSettingsAsync("ftrack", ServiceWorld.AddonVersion, "production", SyncWorld.ProjectName, new JsonObject
        {
            ["service_event_handlers"] = new JsonObject { ["sync_hier_entity_attributes"] = new JsonObject { ["enabled"] = false } },
        }, CancellationToken.None);

        var mark = world.Updates.Snapshot().Count;
        var (_, report) = await world.CommitAndDispatchAsync(s => s.SetCustomAttribute(FtrackEntityRef.Of("Shot", world.Shot1Id), std, 1010.0));

        Outcome(report).ShouldBe(SliceOutcomeKind.Succeeded);
        Number(world.World.Ftrack.GetCustomAttributeValue(world.FrameStartConfigurationId, world.Shot1Id)).ShouldBe(1001);
    }

    private static Task<SyncWorld> StartAsync() => SyncWorld.StartAsync(extraModules: [new AttributesModule()]);

    private static SliceOutcomeKind Outcome(DispatchReport report) => report.Outcomes.Single(o => o.Slice == Slice).Kind;

    private static double? Number(JsonNode? value) => value is null ? null : AttributeValues.Number(value);

    /// <summary>
    /// Dispatches the updates published after the user's commit (index <paramref name="mark"/>) until no more come;
    /// returns how many rounds were dispatched, failing past 3 (writes that never settle).
    /// </summary>
    private static async Task<int> SettleAsync(SyncWorld world, int mark)
    {
        var handled = mark + 1;
        var rounds = 0;
        while (true)
        {
            var all = world.Updates.Snapshot();
            var pending = all.Skip(handled).Where(e => (string?)e["topic"] == "ftrack.update").ToList();
            handled = all.Count;
            if (pending.Count == 0)
            {
                return rounds;
            }

            rounds++;
            rounds.ShouldBeLessThanOrEqualTo(3, "the handler's own writes do not settle");
            var entities = pending.SelectMany(e => e["data"]?["entities"]?.AsArray() ?? []).OfType<JsonObject>().ToArray();
            Outcome(await world.DispatchAsync(entities)).ShouldBe(SliceOutcomeKind.Succeeded);
        }
    }
}
