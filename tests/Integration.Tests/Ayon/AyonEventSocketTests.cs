using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Integration.Tests.Processor;
using AyonFtrack.Integration.Tests.Support;
using AyonFtrack.Sandbox.Ayon;
using Microsoft.Extensions.DependencyInjection;

namespace AyonFtrack.Integration.Tests.Ayon;

/// <summary>
/// AYON's event websocket <c>/ws</c> as the emulator serves it (written from ayon-backend's <c>ws_endpoint</c> and
/// <c>messaging.py</c>), the client that wakes idle enroll loops from it, and the processor picking up the first event
/// after a quiet spell long before its idle delay.
/// </summary>
public sealed class AyonEventSocketTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static async Task<ClientWebSocket> ConnectAsync(AyonEmulator emulator, string token, params string[] subscribe)
    {
        var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(Deadline);
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{emulator.BaseUrl.Port}/ws"), timeout.Token);
        var auth = new JsonObject { ["topic"] = "auth", ["token"] = token, ["subscribe"] = new JsonArray([.. subscribe.Select(s => (JsonNode?)s)]) };
        await socket.SendAsync(Encoding.UTF8.GetBytes(auth.ToJsonString()), WebSocketMessageType.Text, true, timeout.Token);
        return socket;
    }

    /// <summary>The next text message, or null when the server closed the socket.</summary>
    private static async Task<JsonObject?> ReceiveAsync(ClientWebSocket socket, TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        var buffer = new byte[64 * 1024];
        using var text = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            text.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return JsonNode.Parse(text.ToArray())!.AsObject();
            }
        }
    }

    private static async Task OpenSessionAsync(AyonTestHost host)
    {
        using var raw = host.Raw(host.Emulator.ServiceApiKey);
        using var me = await raw.GetAsync(new Uri("/api/users/me", UriKind.Relative));
        me.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Ws_SessionToken_ReceivesSubscribedEventsWithTheirEnvelope_ThenHeartbeatsWhenQuiet()
    {
        await using var host = await AyonTestHost.StartAsync();
        await OpenSessionAsync(host);
        using var socket = await ConnectAsync(host.Emulator, host.Emulator.ServiceApiKey, "ftrack.leech");

        // The server acknowledges nothing: store events until the subscription shows (the auth message may still be in flight).
        var first = ReceiveAsync(socket, Deadline);
        string? id = null;
        await ServiceWorld.WaitUntilAsync(async () =>
        {
            await host.Emulator.InsertEventAsync(new AyonEventInsert { Topic = "other.topic" }, CancellationToken.None);
            id = await host.Emulator.InsertEventAsync(new AyonEventInsert
            {
                Topic = "ftrack.leech",
                Sender = "leecher-1",
                SenderType = "ftrack",
                Description = "Leeched",
                Summary = new JsonObject { ["k"] = 1 },
                Payload = new JsonObject { ["secret"] = "never pushed" },
            }, CancellationToken.None);
            return await Task.WhenAny(first, Task.Delay(200)) == first;
        }, Deadline, "the first pushed ftrack.leech event");
        var message = await first;
        message.ShouldNotBeNull();
        message["topic"]!.GetValue<string>().ShouldBe("ftrack.leech");
        message["id"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        message.ShouldSatisfyAllConditions(
            () => message["sender"]!.GetValue<string>().ShouldBe("leecher-1"),
            () => message["senderType"]!.GetValue<string>().ShouldBe("ftrack"),
            () => message["status"]!.GetValue<string>().ShouldBe("finished"),
            () => message["description"]!.GetValue<string>().ShouldBe("Leeched"),
            () => message["summary"]!["k"]!.GetValue<int>().ShouldBe(1),
            () => message["store"]!.GetValue<bool>().ShouldBeTrue(),
            () => message.ContainsKey("payload").ShouldBeFalse(),
            () => message.ContainsKey("createdAt").ShouldBeTrue());

        // Drain what the retries above pushed, then the quiet server sends its heartbeat (every ~5 s after 2 s without messages).
        JsonObject? next;
        do
        {
            next = await ReceiveAsync(socket, TimeSpan.FromSeconds(20));
            next.ShouldNotBeNull();
            next["topic"]!.GetValue<string>().ShouldBeOneOf("ftrack.leech", "heartbeat");
        }
        while (next["topic"]!.GetValue<string>() != "heartbeat");
        next.Count.ShouldBe(1);
        id.ShouldNotBeNull();
    }

    [Fact]
    public async Task Ws_ApiKeyThatOpenedNoSession_GetsNothingAndIsClosed()
    {
        await using var host = await AyonTestHost.StartAsync();
        using var socket = await ConnectAsync(host.Emulator, host.Emulator.ServiceApiKey, "*");
        await host.Emulator.InsertEventAsync(new AyonEventInsert { Topic = "ftrack.leech" }, CancellationToken.None);

        // Unauthorized clients get no message (not even a heartbeat) and are closed at the first round after 3 s.
        var message = await ReceiveAsync(socket, Deadline);

        message.ShouldBeNull();
        socket.CloseStatus.ShouldBe(WebSocketCloseStatus.NormalClosure);
    }

    [Theory]
    [InlineData("ftrack.leech", null, true)]
    [InlineData("ftrack.leech.x", null, true)]
    [InlineData("ftrack.proc", null, false)]
    [InlineData("heartbeat", null, false)]
    [InlineData("ftrack.leech", "ftrack", false)]
    public void Wakes_PatternSource_MatchesPrefixAndSkipsIgnoredSenderTypes(string topic, string? senderType, bool expected)
    {
        var prefixes = AyonEventArrivals.Prefixes(EnrollRequest.SourcePattern("ftrack.leech"));

        AyonEventArrivals.Wakes(new JsonObject { ["topic"] = topic, ["senderType"] = senderType }, prefixes, ["ftrack"]).ShouldBe(expected);
    }

    [Fact]
    public void Prefixes_ListAndWildcardSources_AreTheTopicsAndTheTextBeforeTheStar()
    {
        AyonEventArrivals.Prefixes(EnrollRequest.SourceTopics(["entity.task.created", "entity.task.created", "reviewable.created"]))
            .ShouldBe(["entity.task.created", "reviewable.created"]);
        AyonEventArrivals.Prefixes(EnrollRequest.SourcePattern("entity.*")).ShouldBe(["entity."]);
    }

    [Fact]
    public async Task EventArrivals_EventStoredDuringALongIdleWait_WakesTheWait()
    {
        await using var host = await AyonTestHost.StartAsync();
        await OpenSessionAsync(host);
        var arrivals = (AyonEventArrivals)host.Services().GetRequiredService<IAyonEventArrivals>();
        var request = new EnrollRequest { SourceTopic = EnrollRequest.SourcePattern("ftrack.leech"), TargetTopic = "ftrack.proc" };
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(5));

        // The socket works from its auth message on; the server's first message shows the subscription is in place.
        await ServiceWorld.WaitUntilAsync(async () =>
        {
            await arrivals.WaitAsync(request, TimeSpan.FromMinutes(10), stop.Token);
            return arrivals.IsConfirmed;
        }, Deadline, "the event websocket to hear from the server");
        await arrivals.WaitAsync(request, TimeSpan.Zero, stop.Token);

        var wait = arrivals.WaitAsync(request, TimeSpan.FromMinutes(10), stop.Token);
        await Task.Delay(50, stop.Token);
        wait.IsCompleted.ShouldBeFalse();
        await host.Emulator.InsertEventAsync(new AyonEventInsert { Topic = "ftrack.leech" }, CancellationToken.None);
        var finished = await Task.WhenAny(wait, Task.Delay(Deadline, stop.Token));

        finished.ShouldBe(wait);
    }

    [Fact]
    public async Task EventArrivals_QuietServer_EachWaitLastsTheIdleDelay()
    {
        await using var host = await AyonTestHost.StartAsync();
        await OpenSessionAsync(host);
        var arrivals = (AyonEventArrivals)host.Services().GetRequiredService<IAyonEventArrivals>();
        var request = new EnrollRequest { SourceTopic = EnrollRequest.SourcePattern("ftrack.leech"), TargetTopic = "ftrack.proc" };
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await ServiceWorld.WaitUntilAsync(async () =>
        {
            await arrivals.WaitAsync(request, TimeSpan.FromMinutes(10), stop.Token);
            return arrivals.IsConfirmed;
        }, Deadline, "the event websocket to hear from the server");
        await arrivals.WaitAsync(request, TimeSpan.Zero, stop.Token);

        // Heartbeats keep coming (one every ~5 s) but wake nobody: 8 s of waits of 1 s are at most 8 waits.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var waits = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(8))
        {
            await arrivals.WaitAsync(request, TimeSpan.FromSeconds(1), stop.Token);
            waits++;
        }

        waits.ShouldBeLessThanOrEqualTo(9);
        arrivals.IsWorking.ShouldBeTrue();
    }

    [Fact]
    public async Task Processor_IdleWithATenMinuteIdleDelay_PicksUpANewEventFromTheWebsocket()
    {
        await using var world = await ServiceWorld.StartAsync();
        await using var processor = await InProcessProcessor.StartAsync(world, [], "--Processor:IdleDelay", "00:10:00");
        var arrivals = (AyonEventArrivals)processor.Services.GetRequiredService<IAyonEventArrivals>();
        await ServiceWorld.WaitUntilAsync(() => Task.FromResult(arrivals.IsConfirmed), Deadline, "the processor's event websocket to hear from the server");

        var source = await ProcessorHarness.StoreAsync(world, "test.noop");

        await ServiceWorld.WaitUntilAsync(
            async () => (await ProcessorHarness.JobsAsync(world)).Any(j => j.DependsOn == source && j.Status == "finished"),
            Deadline,
            "the job of the event stored while the processor was idle");
    }
}
