using AyonFtrack.Features.Desktop;

namespace AyonFtrack.Integration.Tests.Client;

/// <summary>
/// "AYON Admin - Clean hierarchical custom attributes" (U-03) through a real <c>serve</c> over both emulators: only
/// users with a role of <c>user_handlers.clean_hierarchical_attr</c> see and run it on a project; it deletes the explicit
/// null values of hierarchical attributes on non-task entities (the shot inherits again), keeps real values and task
/// values, and reports the count on an ftrack Job.
/// </summary>
public sealed class DesktopCleanHierarchicalAttributesTests
{
    private static readonly string Identifier = CleanHierarchicalAttributes.Action.Menu.Identifier;

    [Fact]
    public async Task Serve_CleanHierarchicalAttributes_DeletesExplicitNullsOfNonTaskEntities()
    {
        await using var world = await DesktopWorld.StartAsync();
        var fps = world.Ftrack.AddCustomAttribute("fps", "number", isHierarchical: true, defaultValue: 25);
        world.Ftrack.SetCustomAttributeValue(fps, world.ShotFtrackId, null);
        world.Ftrack.SetCustomAttributeValue(fps, world.SequenceFtrackId, 24);
        world.Ftrack.SetCustomAttributeValue(fps, world.TaskIds["comp"], null);
        var project = Selected.Show(world.ProjectFtrackId);
        var serve = await world.ServeAsync();

        DesktopWorld.Offered(await world.DiscoverAsync(project)).ShouldNotContain(Identifier);
        var refused = await world.LaunchAsync(serve.Identifier(Identifier), null, project);
        ((string?)refused["message"]).ShouldBe("You don't have a role that may run \"AYON Admin - Clean hierarchical custom attributes\".");
        Rows(world, fps).Count.ShouldBe(3);

        world.GrantRole(DesktopWorld.ArtistOne, "Administrator");
        DesktopWorld.Offered(await world.DiscoverAsync(project)).ShouldContain(Identifier);
        DesktopWorld.Offered(await world.DiscoverAsync(Selected.Task(world.ShotFtrackId))).ShouldNotContain(Identifier);
        var reply = await world.LaunchAsync(serve.Identifier(Identifier), null, project);

        var rows = Rows(world, fps);
        reply.ShouldSatisfyAllConditions(
            () => ((bool?)reply["success"]).ShouldBe(true, reply.ToJsonString()),
            () => ((string?)reply["message"]).ShouldBe("1 empty value(s) of 2 hierarchical attribute(s) on 2 entities cleaned."),
            () => rows.ShouldNotContain(r => r.EntityId == world.ShotFtrackId),
            () => rows.ShouldContain((world.SequenceFtrackId, "24")),
            () => rows.ShouldContain((world.TaskIds["comp"], "null")),
            () => world.Jobs().ShouldBe([("done", "Clean hierarchical custom attributes: 1 empty value(s) of 2 hierarchical attribute(s) on 2 entities cleaned.")]));
    }

    private static List<(string EntityId, string Value)> Rows(DesktopWorld world, string configurationId) =>
        [.. world.Query($"select entity_id, value from CustomAttributeValue where configuration_id is \"{configurationId}\"")
            .Select(r => ((string)r["entity_id"]!, r["value"]?.ToJsonString() ?? "null"))];
}
