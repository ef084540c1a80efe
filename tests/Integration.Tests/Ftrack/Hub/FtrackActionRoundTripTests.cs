using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;

namespace AyonFtrack.Integration.Tests.Ftrack.Hub;

public sealed class FtrackActionRoundTripTests
{
    [Fact]
    public async Task Discover_FromWebClient_SubscriberRepliesWithItems()
    {
        await using var harness = await HubHarness.StartAsync();
        var actions = await harness.ConnectClientAsync();
        await actions.SubscribeAsync("topic=ftrack.action.discover", (e, _) => Task.FromResult<JsonNode?>(DiscoverItems(e)), new JsonObject { ["applicationId"] = "ayon.processor" }, CancellationToken.None);

        var discover = harness.Server.PublishAsWebClient("ftrack.action.discover", new JsonObject
        {
            ["selection"] = new JsonArray(new JsonObject { ["entityId"] = "P1", ["entityType"] = "show" }),
        });
        var replies = await harness.Server.WaitForRepliesAsync(discover, 1, HubHarness.Deadline, CancellationToken.None);

        var reply = replies.Single();
        reply.ShouldSatisfyAllConditions(
            () => ((string?)reply["target"]).ShouldBe($"id={harness.Server.WebClientId}"),
            () => ((string?)reply["data"]!["items"]![0]!["actionIdentifier"]).ShouldBe("sync.from.ftrack.to.ayon"),
            () => ((string?)reply["data"]!["items"]![0]!["label"]).ShouldBe("AYON Admin"));
    }

    [Fact]
    public async Task Launch_FromWebClient_OnlyMatchingActionRepliesAndUiTriggerReachesWebClient()
    {
        await using var harness = await HubHarness.StartAsync();
        var actions = await harness.ConnectClientAsync();
        var otherLaunches = new Inbox();
        await actions.SubscribeAsync("topic=ftrack.action.launch and data.actionIdentifier=other.action", otherLaunches.HandleAsync, null, CancellationToken.None);
        await actions.SubscribeAsync("topic=ftrack.action.launch and data.actionIdentifier=sync.from.*", async (e, ct) =>
        {
            await actions.PublishAsync(FtrackEvent.Create("", "ftrack.action.trigger-user-interface",
                new JsonObject { ["type"] = "message", ["success"] = true, ["message"] = "Started" },
                target: $"applicationId=ftrack.client.web and user.id=\"{e.SourceUserId}\""), ct);
            return new JsonObject { ["success"] = true, ["message"] = $"Sync of {e.Data.GetProperty("selection")[0].GetProperty("entityId").GetString()} finished." };
        }, null, CancellationToken.None);

        var launch = harness.Server.PublishAsWebClient("ftrack.action.launch", new JsonObject
        {
            ["actionIdentifier"] = "sync.from.ftrack.to.ayon",
            ["selection"] = new JsonArray(new JsonObject { ["entityId"] = "P1", ["entityType"] = "show" }),
        });
        var replies = await harness.Server.WaitForRepliesAsync(launch, 1, HubHarness.Deadline, CancellationToken.None);

        ((bool?)replies.Single()["data"]!["success"]).ShouldBe(true);
        ((string?)replies.Single()["data"]!["message"]).ShouldBe("Sync of P1 finished.");
        harness.Server.WebClientInbox.ShouldContain(e => (string?)e["topic"] == "ftrack.action.trigger-user-interface" && (string?)e["data"]!["message"] == "Started");
        otherLaunches.Events.ShouldBeEmpty();
    }

    [Fact]
    public async Task Discover_FromAnotherClient_PublisherReceivesItems()
    {
        await using var harness = await HubHarness.StartAsync();
        var actions = await harness.ConnectClientAsync();
        var caller = await harness.ConnectClientAsync();
        await actions.SubscribeAsync("topic=ftrack.action.discover", async (e, ct) =>
        {
            await actions.ReplyAsync(e, DiscoverItems(e), ct);
            return null;
        }, null, CancellationToken.None);

        var reply = await caller.PublishAndWaitForReplyAsync(FtrackEvent.Create("", "ftrack.action.discover", new JsonObject { ["selection"] = new JsonArray() }), null, CancellationToken.None);

        reply.Data.GetProperty("items")[0].GetProperty("variant").GetString().ShouldBe("Sync to AYON");
    }

    private static JsonObject DiscoverItems(FtrackEvent discover) => new()
    {
        ["items"] = new JsonArray(new JsonObject
        {
            ["label"] = "AYON Admin",
            ["variant"] = "Sync to AYON",
            ["description"] = $"for {discover.Data.GetProperty("selection").GetArrayLength()} selected",
            ["actionIdentifier"] = "sync.from.ftrack.to.ayon",
            ["icon"] = null,
        }),
    };
}
