using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack.EventHub;

namespace AyonFtrack.Integration.Tests.Ftrack.Hub;

public sealed class FtrackEventHubRoutingTests
{
    [Fact]
    public async Task PublishAndWaitForReply_SubscriberReplies_PublisherGetsReply()
    {
        await using var harness = await HubHarness.StartAsync();
        var responder = await harness.ConnectClientAsync();
        var caller = await harness.ConnectClientAsync();
        await responder.SubscribeAsync("topic=ayon.test.ping", (e, _) => Task.FromResult<JsonNode?>(new JsonObject { ["pong"] = e.Data.GetProperty("n").GetInt32() + 1 }), null, CancellationToken.None);

        var reply = await caller.PublishAndWaitForReplyAsync(FtrackEvent.Create("", "ayon.test.ping", new JsonObject { ["n"] = 41 }), null, CancellationToken.None);

        reply.ShouldSatisfyAllConditions(
            () => reply.Topic.ShouldBe(FtrackEventHub.ReplyTopic),
            () => reply.Data.GetProperty("pong").GetInt32().ShouldBe(42),
            () => reply.Target.ShouldBe($"id={caller.Id}"),
            () => reply.SourceUsername.ShouldBe(HubHarness.ApiUser));
    }

    [Fact]
    public async Task PublishAndWaitForReply_NobodyReplies_ThrowsTimeoutNamingTheEvent()
    {
        await using var harness = await HubHarness.StartAsync();
        var caller = await harness.ConnectClientAsync();

        var error = await Should.ThrowAsync<TimeoutException>(() => caller.PublishAndWaitForReplyAsync(FtrackEvent.Create("ev-lonely", "ayon.test.nobody"), TimeSpan.FromMilliseconds(300), CancellationToken.None));

        error.Message.ShouldContain("ev-lonely");
    }

    [Fact]
    public async Task Publish_TwoMatchingSubscribersOnOneClient_EachHandlerCalledOnce()
    {
        await using var harness = await HubHarness.StartAsync();
        var client = await harness.ConnectClientAsync();
        var wide = new Inbox();
        var narrow = new Inbox();
        await client.SubscribeAsync("topic=ayon.test.*", wide.HandleAsync, null, CancellationToken.None);
        await client.SubscribeAsync("topic=ayon.test.once", narrow.HandleAsync, null, CancellationToken.None);

        var once = harness.Server.PublishAsWebClient("ayon.test.once", []);
        var marker = harness.Server.PublishAsWebClient("ayon.test.marker", []);
        await wide.WaitForAsync(marker);

        wide.Count(once).ShouldBe(1);
        narrow.Count(once).ShouldBe(1);
        narrow.Count(marker).ShouldBe(0);
    }

    [Fact]
    public async Task Publish_WithTarget_OnlySubscriberWithMatchingMetadataReceives()
    {
        await using var harness = await HubHarness.StartAsync();
        var first = await harness.ConnectClientAsync();
        var second = await harness.ConnectClientAsync();
        var firstInbox = new Inbox();
        var secondInbox = new Inbox();
        await first.SubscribeAsync("topic=ayon.test.targeted", firstInbox.HandleAsync, new JsonObject { ["applicationId"] = "ayon.first" }, CancellationToken.None);
        await second.SubscribeAsync("topic=ayon.test.targeted", secondInbox.HandleAsync, new JsonObject { ["applicationId"] = "ayon.second", ["user"] = new JsonObject { ["id"] = "u-2" } }, CancellationToken.None);

        var targeted = harness.Server.PublishAsWebClient("ayon.test.targeted", [], "applicationId=ayon.second and user.id=\"u-2\"");
        var broadcast = harness.Server.PublishAsWebClient("ayon.test.targeted", []);
        await firstInbox.WaitForAsync(broadcast);
        await secondInbox.WaitForAsync(broadcast);

        firstInbox.Count(targeted).ShouldBe(0);
        secondInbox.Count(targeted).ShouldBe(1);
    }

    [Fact]
    public async Task Subscribe_OtherClientSubscribesAndUnsubscribes_MetaTopicsAreNotRouted()
    {
        await using var harness = await HubHarness.StartAsync();
        var leecher = await harness.ConnectClientAsync();
        var everything = new Inbox();
        await leecher.SubscribeAsync("topic=*", everything.HandleAsync, null, CancellationToken.None);

        var other = await harness.ConnectClientAsync();
        var id = await other.SubscribeAsync("topic=ayon.test.other", (_, _) => Task.FromResult<JsonNode?>(null), null, CancellationToken.None);
        (await other.UnsubscribeAsync(id, CancellationToken.None)).ShouldBeTrue();
        var marker = harness.Server.PublishAsWebClient("ayon.test.marker", []);
        await everything.WaitForAsync(marker);

        everything.Events.ShouldNotContain(e => e.Topic == FtrackEventHub.SubscribeTopic || e.Topic == FtrackEventHub.UnsubscribeTopic);
        harness.Server.SubscriptionCount.ShouldBe(3); // leecher: reply + topic=*; other: reply
    }

    [Fact]
    public async Task Publish_PublisherIsSubscribed_ReceivesItsOwnEvent()
    {
        await using var harness = await HubHarness.StartAsync();
        var client = await harness.ConnectClientAsync();
        var inbox = new Inbox();
        await client.SubscribeAsync("topic=ayon.test.self and data.kind=mine", inbox.HandleAsync, null, CancellationToken.None);

        var sent = await client.PublishAsync(FtrackEvent.Create("", "ayon.test.self", new JsonObject { ["kind"] = "mine" }), CancellationToken.None);
        await inbox.WaitForAsync(sent.Id);

        var received = inbox.Events.Single(e => e.Id == sent.Id);
        received.ShouldSatisfyAllConditions(
            () => received.SourceId.ShouldBe(client.Id),
            () => received.SourceUsername.ShouldBe(HubHarness.ApiUser),
            () => received.Source.GetProperty("host").GetString().ShouldNotBeNullOrEmpty());
    }

    [Fact]
    public async Task Unsubscribe_Subscriber_NoLongerReceives()
    {
        await using var harness = await HubHarness.StartAsync();
        var client = await harness.ConnectClientAsync();
        var gone = new Inbox();
        var stays = new Inbox();
        var goneId = await client.SubscribeAsync("topic=ayon.test.unsub", gone.HandleAsync, null, CancellationToken.None);
        await client.SubscribeAsync("topic=ayon.test.unsub", stays.HandleAsync, null, CancellationToken.None);

        (await client.UnsubscribeAsync(goneId, CancellationToken.None)).ShouldBeTrue();
        (await client.UnsubscribeAsync(goneId, CancellationToken.None)).ShouldBeFalse();
        var after = harness.Server.PublishAsWebClient("ayon.test.unsub", []);
        await stays.WaitForAsync(after);

        gone.Count(after).ShouldBe(0);
    }

    [Fact]
    public async Task Subscribe_DuplicateSubscriberId_ThrowsNamingTheId()
    {
        await using var harness = await HubHarness.StartAsync();
        var client = await harness.ConnectClientAsync();
        await client.SubscribeAsync("topic=a", (_, _) => Task.FromResult<JsonNode?>(null), new JsonObject { ["id"] = "dup-1" }, CancellationToken.None);

        var error = await Should.ThrowAsync<ArgumentException>(() => client.SubscribeAsync("topic=b", (_, _) => Task.FromResult<JsonNode?>(null), new JsonObject { ["id"] = "dup-1" }, CancellationToken.None));

        error.Message.ShouldContain("dup-1");
    }

    [Fact]
    public async Task Subscribe_InvalidExpression_ThrowsNamingTheExpression()
    {
        await using var harness = await HubHarness.StartAsync();
        var client = await harness.ConnectClientAsync();

        var error = await Should.ThrowAsync<AyonFtrack.Features.Ftrack.EventHub.Expressions.FtrackExpressionException>(
            () => client.SubscribeAsync("topic=(", (_, _) => Task.FromResult<JsonNode?>(null), null, CancellationToken.None));

        error.Message.ShouldContain("topic=(");
    }

    [Fact]
    public async Task Sink_ServerGeneratedUpdate_ReachesUpdateSubscriber()
    {
        await using var harness = await HubHarness.StartAsync();
        var client = await harness.ConnectClientAsync();
        var inbox = new Inbox();
        await client.SubscribeAsync("topic=ftrack.update", inbox.HandleAsync, null, CancellationToken.None);

        harness.Server.Publish(new JsonObject
        {
            ["id"] = "upd-1",
            ["topic"] = "ftrack.update",
            ["data"] = new JsonObject { ["entities"] = new JsonArray(new JsonObject { ["entityId"] = "T1", ["action"] = "update" }) },
            ["source"] = new JsonObject { ["id"] = "web-9", ["user"] = new JsonObject { ["username"] = "jane", ["id"] = "u-9" } },
            ["target"] = "",
            ["sent"] = null,
            ["inReplyToEvent"] = null,
        });
        await inbox.WaitForAsync("upd-1");

        var update = inbox.Events.Single();
        update.SourceUserId.ShouldBe("u-9");
        update.Entities.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Connect_WrongApiKey_KeepsRetryingAndNeverLogsTheKey()
    {
        await using var harness = await HubHarness.StartAsync();
        var client = await harness.StartClientAsync(apiKey: "wrong-key-value");

        await HubHarness.WaitUntilAsync(() => harness.LogCount(9102) >= 2, "two failed connect attempts");

        client.IsConnected.ShouldBeFalse();
        client.ConnectCount.ShouldBe(0);
        harness.Logs.GetSnapshot().ShouldContain(r => r.Id.Id == 9102 && r.Message.Contains("401"));
        harness.Logs.GetSnapshot().ShouldAllBe(r => !r.Message.Contains("wrong-key-value"));
        harness.ShouldHaveNoSecretInLogs();
    }
}
