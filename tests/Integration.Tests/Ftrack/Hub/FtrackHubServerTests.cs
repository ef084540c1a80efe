using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;

namespace AyonFtrack.Integration.Tests.Ftrack.Hub;

/// <summary>The emulator's wire behaviour (ftrack-protocol.md §6 items 7 and 8), seen by a bare socket.io 0.9 client.</summary>
public sealed class FtrackHubServerTests
{
    [Fact]
    public async Task Handshake_HeaderCredentials_ReturnsSidAndWebsocketTransport()
    {
        await using var harness = await HubHarness.StartAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(harness.Hub.BaseUri, "/socket.io/1/"));
        request.Headers.Add("ftrack-user", HubHarness.ApiUser);
        request.Headers.Add("ftrack-api-key", HubHarness.ApiKey);

        using var response = await http.SendAsync(request);
        var fields = (await response.Content.ReadAsStringAsync()).Split(':');

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        fields.Length.ShouldBe(4);
        fields[0].ShouldNotBeNullOrEmpty();
        fields[1..].ShouldBe(["60", "60", "websocket"]);
    }

    [Theory]
    [InlineData("svc_ayon", "key-7f3c9e1d-secret", HttpStatusCode.OK)]
    [InlineData("svc_ayon", "wrong", HttpStatusCode.Unauthorized)]
    [InlineData("someone", "key-7f3c9e1d-secret", HttpStatusCode.Unauthorized)]
    public async Task Handshake_QueryCredentials_CheckedByTheDelegate(string user, string key, HttpStatusCode expected)
    {
        await using var harness = await HubHarness.StartAsync();
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(harness.Hub.BaseUri, $"/socket.io/1/?api_user={user}&api_key={key}"));

        response.StatusCode.ShouldBe(expected);
    }

    [Fact]
    public async Task Handshake_NoCredentials_Returns401()
    {
        await using var harness = await HubHarness.StartAsync();
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(harness.Hub.BaseUri, "/socket.io/1/"));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Upgrade_UnknownOrReusedSid_IsRefused()
    {
        await using var harness = await HubHarness.StartAsync();
        var sid = await HandshakeAsync(harness);
        using (var first = await OpenAsync(harness, sid))
        {
            (await ReceiveAsync(first)).ShouldBe("1::");
        }

        using var reused = new ClientWebSocket();
        await Should.ThrowAsync<WebSocketException>(() => reused.ConnectAsync(WebSocketUri(harness, sid), CancellationToken.None));
        using var unknown = new ClientWebSocket();
        await Should.ThrowAsync<WebSocketException>(() => unknown.ConnectAsync(WebSocketUri(harness, "no-such-sid"), CancellationToken.None));
    }

    [Fact]
    public async Task Socket_PythonStyleSession_ConnectAckHeartbeatAndRouting()
    {
        await using var harness = await HubHarness.StartAsync(TimeSpan.FromMilliseconds(100));
        using var socket = await OpenAsync(harness, await HandshakeAsync(harness));

        (await ReceiveAsync(socket)).ShouldBe("1::");
        await SendAsync(socket, Packet(1, Subscribe("hub-1", "topic=ftrack.meta.reply")));
        (await ReceiveUntilAsync(socket, f => f.StartsWith("6:", StringComparison.Ordinal))).ShouldBe("6:::1+[{\"success\":true}]");
        await SendAsync(socket, Packet(2, Subscribe("sub-2", "topic=ayon.test.raw")));
        (await ReceiveUntilAsync(socket, f => f.StartsWith("6:", StringComparison.Ordinal))).ShouldBe("6:::2+[{\"success\":true}]");
        (await ReceiveUntilAsync(socket, f => f.StartsWith("2:", StringComparison.Ordinal))).ShouldBe("2::");
        await SendAsync(socket, "2:::");
        await SendAsync(socket, "2::");
        await HubHarness.WaitUntilAsync(() => harness.Server.HeartbeatReplies >= 2, "both heartbeat answer spellings");

        var published = harness.Server.PublishAsWebClient("ayon.test.raw", new JsonObject { ["n"] = "é" });
        var frame = await ReceiveUntilAsync(socket, f => f.StartsWith("5:", StringComparison.Ordinal));

        frame.ShouldStartWith("5:::{\"name\":\"ftrack.event\",\"args\":[{");
        var delivered = FtrackEvent.FromHub(System.Text.Json.JsonDocument.Parse(frame[4..]).RootElement.GetProperty("args")[0]);
        delivered.ShouldSatisfyAllConditions(
            () => delivered.Id.ShouldBe(published),
            () => delivered.SourceApplicationId.ShouldBe("ftrack.client.web"),
            () => delivered.SourceUserId.ShouldNotBeNullOrEmpty(),
            () => delivered.Data.GetProperty("n").GetString().ShouldBe("é"));
        harness.Server.Subscriptions.Select(s => s.SubscriberId).ShouldBe(["hub-1", "sub-2"]);
    }

    [Fact]
    public async Task Socket_SubscribeWithInvalidExpression_AckedWithSuccessFalseAndMessage()
    {
        await using var harness = await HubHarness.StartAsync();
        using var socket = await OpenAsync(harness, await HandshakeAsync(harness));
        (await ReceiveAsync(socket)).ShouldBe("1::");

        await SendAsync(socket, Packet(5, Subscribe("sub-bad", "topic=(")));
        var ack = await ReceiveUntilAsync(socket, f => f.StartsWith("6:", StringComparison.Ordinal));

        ack.ShouldStartWith("6:::5+[{\"success\":false,\"message\":");
        ack.ShouldContain("topic=(");
        harness.Server.SubscriptionCount.ShouldBe(0);
    }

    [Fact]
    public async Task Socket_DuplicateSubscribeFromSameConnection_Tolerated()
    {
        await using var harness = await HubHarness.StartAsync();
        using var socket = await OpenAsync(harness, await HandshakeAsync(harness));
        (await ReceiveAsync(socket)).ShouldBe("1::");

        await SendAsync(socket, Packet(1, Subscribe("sub-1", "topic=ayon.test.dup")));
        await SendAsync(socket, Packet(2, Subscribe("sub-1", "topic=ayon.test.dup")));
        (await ReceiveUntilAsync(socket, f => f.StartsWith("6:::1+", StringComparison.Ordinal))).ShouldContain("true");
        (await ReceiveUntilAsync(socket, f => f.StartsWith("6:::2+", StringComparison.Ordinal))).ShouldContain("true");
        var published = harness.Server.PublishAsWebClient("ayon.test.dup", []);
        var marker = harness.Server.PublishAsWebClient("ayon.test.dup", []);

        var frames = new List<string>();
        while (!frames.Any(f => f.Contains(marker, StringComparison.Ordinal)))
        {
            frames.Add(await ReceiveAsync(socket));
        }

        frames.Count(f => f.Contains(published, StringComparison.Ordinal)).ShouldBe(1);
        harness.Server.SubscriptionCount.ShouldBe(1);
    }

    [Fact]
    public async Task Client_SubscribersBeforeFirstConnect_AnnouncedBeforeReplySubscriberAndInOrderOnReconnect()
    {
        await using var harness = await HubHarness.StartAsync();
        var client = harness.CreateClient();
        var noop = new Inbox();
        var early = await client.SubscribeAsync("topic=ayon.test.early", noop.HandleAsync, null, CancellationToken.None);
        await client.StartAsync(CancellationToken.None);
        await client.WaitUntilConnectedAsync(CancellationToken.None).WaitAsync(HubHarness.Deadline);
        var late = await client.SubscribeAsync("topic=ayon.test.late", noop.HandleAsync, null, CancellationToken.None);

        await harness.Server.DropAllConnectionsAsync(AyonFtrack.Sandbox.Ftrack.Hub.FtrackHubDrop.Abort, CancellationToken.None);
        await HubHarness.WaitUntilAsync(() => client.ConnectCount == 2 && client.IsConnected, "the reconnect");

        var subscriptions = harness.Server.Subscriptions;
        subscriptions.ShouldAllBe(s => s.Connection == 2);
        subscriptions.Select(s => s.SubscriberId).ShouldBe([early, client.Id, late]);
        subscriptions[1].Subscription.ShouldBe("topic=ftrack.meta.reply");
    }

    [Fact]
    public async Task HeartbeatInterval_ShortenedWhileConnected_AppliesWithoutWaitingForTheOldInterval()
    {
        await using var harness = await HubHarness.StartAsync(TimeSpan.FromMinutes(10));
        var client = await harness.ConnectClientAsync();
        harness.Server.HeartbeatReplies.ShouldBe(0);

        harness.Server.HeartbeatInterval = TimeSpan.FromMilliseconds(50);

        await HubHarness.WaitUntilAsync(() => harness.Server.HeartbeatReplies >= 3, "heartbeats at the new interval");
        client.ConnectCount.ShouldBe(1);
    }

    [Fact]
    public async Task Publish_ManyEvents_EachConnectionReceivesThemInPublishOrder()
    {
        await using var harness = await HubHarness.StartAsync();
        var first = await harness.ConnectClientAsync();
        var second = await harness.ConnectClientAsync();
        var firstInbox = new Inbox();
        var secondInbox = new Inbox();
        await first.SubscribeAsync("topic=ayon.test.order", firstInbox.HandleAsync, null, CancellationToken.None);
        await second.SubscribeAsync("topic=ayon.test.*", secondInbox.HandleAsync, null, CancellationToken.None);

        var published = Enumerable.Range(0, 200).Select(i => harness.Server.PublishAsWebClient("ayon.test.order", new JsonObject { ["i"] = i })).ToList();
        await firstInbox.WaitForAsync(published[^1]);
        await secondInbox.WaitForAsync(published[^1]);

        firstInbox.Events.Select(e => e.Id).ShouldBe(published);
        secondInbox.Events.Select(e => e.Id).ShouldBe(published);
    }

    private static string Subscribe(string subscriberId, string subscription) => new JsonObject
    {
        ["id"] = Guid.NewGuid().ToString("N"),
        ["topic"] = "ftrack.meta.subscribe",
        ["data"] = new JsonObject { ["subscriber"] = new JsonObject { ["id"] = subscriberId }, ["subscription"] = subscription },
        ["source"] = new JsonObject { ["id"] = "raw-client", ["user"] = new JsonObject { ["username"] = HubHarness.ApiUser } },
        ["target"] = "",
        ["sent"] = null,
        ["inReplyToEvent"] = null,
    }.ToJsonString();

    private static string Packet(int id, string ftrackEvent) => $"5:{id}+::{{\"name\":\"ftrack.event\",\"args\":[{ftrackEvent}]}}";

    private static async Task<string> HandshakeAsync(HubHarness harness)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(harness.Hub.BaseUri, "/socket.io/1/"));
        request.Headers.Add("ftrack-user", HubHarness.ApiUser);
        request.Headers.Add("ftrack-api-key", HubHarness.ApiKey);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsStringAsync()).Split(':')[0];
    }

    private static Uri WebSocketUri(HubHarness harness, string sid) => new($"ws://{harness.Hub.BaseUri.Authority}/socket.io/1/websocket/{sid}");

    private static async Task<ClientWebSocket> OpenAsync(HubHarness harness, string sid)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(WebSocketUri(harness, sid), CancellationToken.None);
        return socket;
    }

    private static Task SendAsync(ClientWebSocket socket, string frame) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<string> ReceiveAsync(ClientWebSocket socket)
    {
        using var deadline = new CancellationTokenSource(HubHarness.Deadline);
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(), deadline.Token);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        var frame = Encoding.UTF8.GetString(message.ToArray());
        frame.ShouldNotStartWith("8:");
        return frame;
    }

    private static async Task<string> ReceiveUntilAsync(ClientWebSocket socket, Func<string, bool> wanted)
    {
        while (true)
        {
            var frame = await ReceiveAsync(socket);
            if (wanted(frame))
            {
                return frame;
            }
        }
    }
}
