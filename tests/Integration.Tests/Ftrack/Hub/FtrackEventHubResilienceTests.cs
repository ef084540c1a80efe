using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack.EventHub;
using AyonFtrack.Sandbox.Ftrack.Hub;

namespace AyonFtrack.Integration.Tests.Ftrack.Hub;

public sealed class FtrackEventHubResilienceTests
{
    [Fact]
    public async Task DropAllConnections_ThreeTimes_ClientReconnectsAndSubscriptionsWorkAgain()
    {
        await using var harness = await HubHarness.StartAsync();
        var client = harness.CreateClient();
        var changes = new List<FtrackHubConnectionChangedEventArgs>();
        client.ConnectionChanged += (_, e) => { lock (changes) { changes.Add(e); } };
        var inbox = new Inbox();
        await client.SubscribeAsync("topic=ayon.test.reconnect", inbox.HandleAsync, null, CancellationToken.None);
        await client.StartAsync(CancellationToken.None);
        await client.WaitUntilConnectedAsync(CancellationToken.None).WaitAsync(HubHarness.Deadline);

        for (var round = 1; round <= 3; round++)
        {
            var how = round % 2 == 1 ? FtrackHubDrop.Abort : FtrackHubDrop.DisconnectPacket;
            (await harness.Server.DropAllConnectionsAsync(how, CancellationToken.None)).ShouldBe(1);
            var expected = round + 1;
            await HubHarness.WaitUntilAsync(() => client.ConnectCount == expected && client.IsConnected, $"reconnect #{round} after {how}");

            var id = harness.Server.PublishAsWebClient("ayon.test.reconnect", new JsonObject { ["round"] = round });
            await inbox.WaitForAsync(id);
            harness.Server.SubscriptionCount.ShouldBe(2); // the subscriber and the reply subscriber, not doubled
        }

        harness.Server.TotalConnections.ShouldBe(4);
        lock (changes)
        {
            changes.Count(c => !c.IsConnected).ShouldBe(3);
            changes.Where(c => c.IsConnected).Select(c => c.ConnectCount).ShouldBe([1, 2, 3, 4]);
        }

        harness.ShouldHaveNoSecretInLogs();
    }

    [Fact]
    public async Task StopHeartbeats_SilentServer_DetectedAndClientReconnects()
    {
        await using var harness = await HubHarness.StartAsync(TimeSpan.FromMilliseconds(100));
        var client = await harness.ConnectClientAsync(o => o.HeartbeatTimeout = TimeSpan.FromSeconds(1));
        var inbox = new Inbox();
        await client.SubscribeAsync("topic=ayon.test.silent", inbox.HandleAsync, null, CancellationToken.None);

        harness.Server.StopHeartbeats();
        await HubHarness.WaitUntilAsync(() => harness.LogCount(9104) >= 1, "the client to notice the silent server");
        harness.Server.ResumeHeartbeats();
        await HubHarness.WaitUntilAsync(() => client.ConnectCount >= 2 && client.IsConnected, "the reconnect after silence");

        var id = harness.Server.PublishAsWebClient("ayon.test.silent", []);
        await inbox.WaitForAsync(id);
        harness.Logs.GetSnapshot().ShouldContain(r => r.Id.Id == 9101 && r.Message.Contains("no packet from the server"));
    }

    [Fact]
    public async Task SlowHandler_HeartbeatsKeepFlowing_ConnectionStaysUp()
    {
        await using var harness = await HubHarness.StartAsync(TimeSpan.FromMilliseconds(50));
        var client = await harness.ConnectClientAsync(o => o.HeartbeatTimeout = TimeSpan.FromSeconds(5));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inbox = new Inbox();
        await client.SubscribeAsync("topic=ayon.test.slow", async (e, ct) =>
        {
            started.TrySetResult();
            await release.Task.WaitAsync(ct);
            return await inbox.HandleAsync(e, ct);
        }, null, CancellationToken.None);

        var slow = harness.Server.PublishAsWebClient("ayon.test.slow", []);
        await started.Task.WaitAsync(HubHarness.Deadline);
        var before = harness.Server.HeartbeatReplies;
        // 110 beats at >= 50 ms each span more than the 5 s silence timeout: a blocked reader would have dropped the connection.
        await HubHarness.WaitUntilAsync(() => harness.Server.HeartbeatReplies >= before + 110, "heartbeat answers while the handler is blocked");

        client.ShouldSatisfyAllConditions(
            () => client.ConnectCount.ShouldBe(1),
            () => client.IsConnected.ShouldBeTrue(),
            () => inbox.Events.ShouldBeEmpty());
        release.SetResult();
        var next = harness.Server.PublishAsWebClient("ayon.test.slow", []);
        await inbox.WaitForAsync(next);
        inbox.Count(slow).ShouldBe(1);
        harness.LogCount(9104).ShouldBe(0);
    }

    [Fact]
    public async Task CheckLiveness_HealthyHub_ReturnsTrue()
    {
        await using var harness = await HubHarness.StartAsync();
        var client = await harness.ConnectClientAsync();

        (await client.CheckLivenessAsync(null, CancellationToken.None)).ShouldBeTrue();
    }

    [Fact]
    public async Task CheckLiveness_HubStopsAnswering_ReturnsFalseAndTrueAgainAfterwards()
    {
        await using var harness = await HubHarness.StartAsync();
        var client = await harness.ConnectClientAsync();

        harness.Server.StopAnswering();
        var whileDeaf = await client.CheckLivenessAsync(TimeSpan.FromMilliseconds(500), CancellationToken.None);
        harness.Server.ResumeAnswering();
        var afterwards = await client.CheckLivenessAsync(HubHarness.Deadline, CancellationToken.None);

        whileDeaf.ShouldBeFalse();
        afterwards.ShouldBeTrue();
        harness.Logs.GetSnapshot().ShouldContain(r => r.Id.Id == 9115);
    }

    [Fact]
    public async Task CheckLiveness_NotConnected_ReturnsFalse()
    {
        await using var harness = await HubHarness.StartAsync();
        var client = await harness.StartClientAsync(apiKey: "not-the-key");

        (await client.CheckLivenessAsync(TimeSpan.FromMilliseconds(200), CancellationToken.None)).ShouldBeFalse();
    }

    [Fact]
    public async Task MalformedFrames_FromServer_LoggedSkippedAndClientKeepsWorking()
    {
        await using var harness = await HubHarness.StartAsync();
        var client = await harness.ConnectClientAsync();
        var inbox = new Inbox();
        await client.SubscribeAsync("topic=*", inbox.HandleAsync, null, CancellationToken.None);
        string[] garbage =
        [
            "garbage without colons",
            "9::",
            "5:abc::{}",
            "5::",
            "5:::{not json",
            "5:::[1,2]",
            "5:::{\"name\":\"ftrack.event\",\"args\":[1,2]}",
            "5:::{\"name\":\"ftrack.event\",\"args\":[]}",
            "5:::{\"name\":\"ftrack.event\",\"args\":[{\"id\":\"bad-target\",\"topic\":\"x\",\"target\":\"id=(\"}]}",
            "6:::abc",
            "6:::999999+[{\"success\":true}]",
            "7:::the server grumbles",
            "3:::a message",
            "4:::{\"a\":1}",
            "8::",
        ];

        harness.Server.SendRawToAll(string.Join("\u0000", garbage)).ShouldBe(1); // one frame that is not a packet
        foreach (var frame in garbage)
        {
            harness.Server.SendRawToAll(frame);
        }

        var after = harness.Server.PublishAsWebClient("ayon.test.after-garbage", []);
        await inbox.WaitForAsync(after);

        client.ConnectCount.ShouldBe(1);
        client.IsConnected.ShouldBeTrue();
        inbox.Events.ShouldNotContain(e => e.Id == "bad-target");
        harness.LogCount(9105).ShouldBeGreaterThanOrEqualTo(5); // packets: no colons, 9::, bad id, 6:::abc, the joined frame
        harness.LogCount(9106).ShouldBeGreaterThanOrEqualTo(5); // events: no data, bad JSON, not an object, wrong args twice
        harness.LogCount(9109).ShouldBe(1); // invalid target
        harness.LogCount(9107).ShouldBe(1); // 7::: error packet
        (await client.CheckLivenessAsync(null, CancellationToken.None)).ShouldBeTrue();
    }

    [Fact]
    public async Task HandlerThrows_NextEventIsStillDelivered()
    {
        await using var harness = await HubHarness.StartAsync();
        var client = await harness.ConnectClientAsync();
        var inbox = new Inbox();
        await client.SubscribeAsync("topic=ayon.test.boom", (_, _) => throw new InvalidOperationException("handler exploded"), null, CancellationToken.None);
        await client.SubscribeAsync("topic=ayon.test.*", inbox.HandleAsync, null, CancellationToken.None);

        var boom = harness.Server.PublishAsWebClient("ayon.test.boom", []);
        var next = harness.Server.PublishAsWebClient("ayon.test.next", []);
        await inbox.WaitForAsync(next);

        inbox.Count(boom).ShouldBe(1);
        harness.Logs.GetSnapshot().ShouldContain(r => r.Id.Id == 9110 && r.Exception is InvalidOperationException);
    }

    [Fact]
    public async Task Stop_ConnectedClient_ServerSeesTheConnectionClose()
    {
        await using var harness = await HubHarness.StartAsync();
        var client = await harness.ConnectClientAsync();
        await HubHarness.WaitUntilAsync(() => harness.Server.OpenConnections == 1, "the connection on the server");

        await client.StopAsync(CancellationToken.None);

        await HubHarness.WaitUntilAsync(() => harness.Server.OpenConnections == 0, "the server to see the close");
        client.IsConnected.ShouldBeFalse();
    }
}
