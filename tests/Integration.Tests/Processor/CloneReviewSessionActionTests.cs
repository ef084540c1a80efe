using System.Text.Json.Nodes;
using AyonFtrack.Features.Actions;
using AyonFtrack.Features.Ftrack.Actions;

namespace AyonFtrack.Integration.Tests.Processor;

/// <summary>"Clone Review Session" (P-01) end to end: the web client on the hub → leecher → AYON queue → processor → ftrack.</summary>
public sealed class CloneReviewSessionActionTests
{
    private static readonly TimeSpan Deadline = ProcessorHarness.Deadline;

    [Fact]
    public async Task CloneReviewSession_SessionWithTwoInviteesAndThreeObjects_CloneHasThemAllUnderADoneJob()
    {
        await using var actions = await ActionWorld.StartAsync();
        var world = actions.World;
        var jane = actions.User;
        var project = world.Ftrack.AddProject("proj_a");
        var asset = world.Ftrack.AddAsset(world.Ftrack.AddShot(world.Ftrack.AddSequence(project, "sq01"), "sh010"), "renderMain", "render");
        var session = world.Ftrack.Seed("ReviewSession", new JsonObject
        {
            ["name"] = "Dailies", ["description"] = "Monday", ["project_id"] = project,
            ["start_date"] = new JsonObject { ["__type__"] = "datetime", ["value"] = "2026-11-23T09:00:00" },
            ["end_date"] = new JsonObject { ["__type__"] = "datetime", ["value"] = "2026-11-23T10:00:00" },
        });
        world.Ftrack.Seed("ReviewSessionInvitee", new JsonObject { ["name"] = "Client", ["email"] = "client@example.test", ["review_session_id"] = session });
        world.Ftrack.Seed("ReviewSessionInvitee", new JsonObject { ["name"] = "Director", ["email"] = "", ["review_session_id"] = session });
        for (var i = 1; i <= 3; i++)
        {
            world.Ftrack.Seed("ReviewSessionObject", new JsonObject
            {
                ["name"] = $"renderMain v{i}", ["description"] = "", ["version"] = $"v{i}", ["version_id"] = world.Ftrack.AddAssetVersion(asset, i),
                ["review_session_id"] = session, ["sort_order"] = i,
            });
        }

        await using var processor = await InProcessProcessor.StartAsync(world, []);

        var offered = await world.Hub.WaitForRepliesAsync(world.Hub.PublishAsWebClient(ServerAction.DiscoverTopic, Selection(session)), 1, Deadline, CancellationToken.None);
        offered.SelectMany(r => r["data"]!["items"]!.AsArray()).OfType<JsonObject>()
            .ShouldContain(i => i["actionIdentifier"]!.GetValue<string>() == CloneReviewSession.Action.Identifier);

        var launch = Selection(session);
        launch["actionIdentifier"] = CloneReviewSession.Action.Identifier;
        var done = (await world.Hub.WaitForRepliesAsync(world.Hub.PublishAsWebClient(ServerAction.LaunchTopic, launch), 1, Deadline, CancellationToken.None))[0]["data"]!;

        done["success"]!.GetValue<bool>().ShouldBeTrue(done.ToJsonString());
        var clone = world.Ftrack.QueryLocal("select id, project_id, description from ReviewSession where name is \"Clone of Dailies\"").ShouldHaveSingleItem()!;
        clone["project_id"]!.GetValue<string>().ShouldBe(project);
        var cloneId = clone["id"]!.GetValue<string>();
        world.Ftrack.QueryLocal($"select name, email from ReviewSessionInvitee where review_session_id is \"{cloneId}\"")
            .Select(i => (i!["name"]!.GetValue<string>(), i["email"]?.GetValue<string>())).Order()
            .ShouldBe([("Client", "client@example.test"), ("Director", "")]);
        world.Ftrack.QueryLocal($"select version from ReviewSessionObject where review_session_id is \"{cloneId}\"")
            .Select(o => o!["version"]!.GetValue<string>()).Order().ShouldBe(["v1", "v2", "v3"]);
        world.Ftrack.QueryLocal("select status from Job").ShouldHaveSingleItem()!["status"]!.GetValue<string>().ShouldBe("done");
    }

    private static JsonObject Selection(string reviewSession) =>
        new() { ["selection"] = new JsonArray(new JsonObject { ["entityId"] = reviewSession, ["entityType"] = "reviewsession" }) };
}
