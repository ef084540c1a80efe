using System.Diagnostics;
using System.Text.Json.Nodes;
using AyonFtrack.Integration.Tests.Support;
using AyonFtrack.Sandbox.Ayon;
using AyonFtrack.Sandbox.Ftrack.Hub;

namespace AyonFtrack.Integration.Tests.Leech;

/// <summary>The leecher run as in production (its own process, ASH's variables) between the two emulators.</summary>
public sealed class LeecherEndToEndTests
{
    private const string Marker = "ayon.ftrack.leecher.started.ynternal";
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);

    private static HostProcess StartLeecher(ServiceWorld world, params string[] extra) =>
        HostProcess.Start(world.Environment("ftrack-leecher"), ["leecher", "--Service:MaxRetryDelay", "00:00:01", .. extra]);

    private static Task WaitForSubscriptionAsync(ServiceWorld world, int connects = 1) => ServiceWorld.WaitUntilAsync(
        () => Task.FromResult(world.Hub.Subscriptions.Any(s => s.Subscription == "topic=*") && world.Hub.TotalConnections >= connects),
        Deadline,
        "the leecher's topic=* subscription");

    private static async Task<List<AyonEventRow>> LeechedAsync(ServiceWorld world) =>
        [.. (await world.Ayon.GetEventsAsync("ftrack.leech", CancellationToken.None)).OrderBy(e => e.CreationOrder)];

    private static async Task<List<AyonEventRow>> StoredEventsAsync(ServiceWorld world) =>
        [.. (await LeechedAsync(world)).Where(e => e.Payload["topic"]?.GetValue<string>() != Marker)];

    private static JsonObject TaskUpdate(int n) => new()
    {
        ["entities"] = new JsonArray(new JsonObject
        {
            ["entityType"] = "task",
            ["entityId"] = $"task-{n}",
            ["action"] = "update",
            ["keys"] = new JsonArray("name"),
            ["changes"] = new JsonObject { ["name"] = new JsonObject { ["old"] = $"a{n}", ["new"] = $"b{n}" } },
        }),
        ["n"] = n,
    };

    private static Task WaitForStoredAsync(ServiceWorld world, int count, HostProcess? host = null) => ServiceWorld.WaitUntilAsync(
        async () => (await StoredEventsAsync(world)).Count >= count,
        Deadline,
        $"{count} stored ftrack events",
        async () => $"stored {(await StoredEventsAsync(world)).Count}; hub: {world.Hub.OpenConnections} open, {string.Join(", ", world.Hub.Subscriptions)}; leecher said:\n{string.Join('\n', host?.Lines.TakeLast(25) ?? [])}");

    [Fact]
    public async Task Leecher_TenThousandEvents_StoresEachOnceInOrderWithItsPayloadAndHash()
    {
        await using var world = await ServiceWorld.StartAsync();
        await using var leecher = StartLeecher(world);
        await WaitForSubscriptionAsync(world);

        var ids = new List<string>();
        var filtered = new List<string>();
        for (var n = 0; n < 10_000; n++)
        {
            ids.Add(world.Hub.PublishAsWebClient("ftrack.update", TaskUpdate(n)));
            if (n % 2_500 == 0)
            {
                filtered.Add(world.Hub.PublishAsWebClient("ftrack.meta.disconnected", new JsonObject()));
                filtered.Add(world.Hub.PublishAsWebClient("ftrack.update", new JsonObject
                {
                    ["entities"] = new JsonArray(new JsonObject { ["entityType"] = "socialfeed" }, new JsonObject { ["entityType"] = "team" }),
                }));
            }
        }

        await WaitForStoredAsync(world, ids.Count, leecher);

        var stored = await StoredEventsAsync(world);
        stored.Select(e => e.Hash).ShouldBe(ids);
        stored.Select(e => e.Hash).ShouldNotContain(h => filtered.Contains(h));
        for (var n = 0; n < stored.Count; n += 997)
        {
            var payload = stored[n].Payload;
            payload["id"]!.GetValue<string>().ShouldBe(ids[n]);
            payload["topic"]!.GetValue<string>().ShouldBe("ftrack.update");
            payload["data"]!.ToJsonString().ShouldBe(TaskUpdate(n).ToJsonString());
            payload["source"]!["applicationId"]!.GetValue<string>().ShouldBe(FtrackHubServer.WebClientApplicationId);
            payload.Select(p => p.Key).ShouldBe(["id", "topic", "data", "source", "target", "sent", "in_reply_to_event"]);
            stored[n].Sender.ShouldBe("ftrack-leecher");
            stored[n].Status.ShouldBe("finished");
            stored[n].Description.ShouldStartWith("Leeched ftrack.update by ");
        }
    }

    [Fact]
    public async Task Leecher_AyonAnswers503ForThirtySecondsAndTheLeecherIsKilled_StoresEveryEventOnceInOrder()
    {
        await using var world = await ServiceWorld.StartAsync();
        var ids = new List<string>();
        AyonFaultHandle outage;
        var outageClock = Stopwatch.StartNew();
        await using (var first = StartLeecher(world))
        {
            await WaitForSubscriptionAsync(world);
            for (var n = 0; n < 2_500; n++)
            {
                ids.Add(world.Hub.PublishAsWebClient("ftrack.update", TaskUpdate(n)));
            }

            await WaitForStoredAsync(world, 1, first);

            // The leecher-started marker is spooled when the leecher has checked AYON for a pending one, which under load
            // can come after the first events; it must be in AYON before the outage, or the spool count below holds it too.
            await ServiceWorld.WaitUntilAsync(
                async () => (await LeechedAsync(world)).Any(e => e.Payload["topic"]?.GetValue<string>() == Marker),
                Deadline,
                "the leecher-started marker in AYON",
                () => Task.FromResult($"leecher said:\n{string.Join('\n', first.Lines.TakeLast(25))}"));
            outage = world.Ayon.InjectFault(new AyonFault { Method = "POST", PathPrefix = "/api/events", StatusCode = 503 });
            outageClock.Restart();
            for (var n = 2_500; n < 5_000; n++)
            {
                ids.Add(world.Hub.PublishAsWebClient("ftrack.update", TaskUpdate(n)));
            }

            // Every event not yet in AYON waits in the spool: the leecher says how many while it retries. The count of
            // stored events is read only once the drainer has met the outage: a POST already past the fault could land later.
            await first.WaitForAsync(lines => lines.Any(l => l.Contains("AYON cannot take ftrack events now", StringComparison.Ordinal)), Deadline, "the leecher meeting the outage");
            var before = (await StoredEventsAsync(world)).Count;
            await first.WaitForAsync(
                lines => lines.Any(l => l.Contains($"; {ids.Count - before} wait in the spool", StringComparison.Ordinal)),
                Deadline,
                "every remaining event in the spool");
            first.KillNow();
            await first.WaitForExitAsync(Deadline);
        }

        (await StoredEventsAsync(world)).Count.ShouldBeLessThan(ids.Count);
        await using var second = StartLeecher(world);
        await second.WaitForAsync(lines => lines.Any(l => l.Contains("AYON cannot take ftrack events now", StringComparison.Ordinal)), Deadline, "the restarted leecher retrying");
        // The outage itself lasts 30 s of wall-clock time (the scenario of the issue); this waits out the outage, not a condition.
        var left = TimeSpan.FromSeconds(30) - outageClock.Elapsed;
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left);
        }

        world.Ayon.RemoveFault(outage).ShouldBeTrue();
        await WaitForStoredAsync(world, ids.Count, second);

        var stored = await StoredEventsAsync(world);
        stored.Select(e => e.Hash).ShouldBe(ids);
        outage.Hits.ShouldBeGreaterThan(1);
    }

    [Fact]
    public async Task Leecher_HubDropsThreeTimes_ReconnectsAndStoresAMarkerAfterEachReconnectUnlessOneIsPending()
    {
        await using var world = await ServiceWorld.StartAsync();
        await using var leecher = StartLeecher(world, "--Leecher:ResyncDebounce", "00:00:00.5"); // one decision per reconnect here
        await WaitForSubscriptionAsync(world);
        await leecher.WaitForAsync(lines => lines.Any(l => l.Contains("Hub connect #1: leecher-started marker stored", StringComparison.Ordinal)), Deadline, "the first marker");
        var ids = new List<string>();

        async Task DropAndPublishAsync(int drop)
        {
            await world.Hub.DropAllConnectionsAsync(drop == 2 ? FtrackHubDrop.DisconnectPacket : FtrackHubDrop.Abort, CancellationToken.None);
            await WaitForSubscriptionAsync(world, connects: drop + 1);
            await leecher.WaitForAsync(lines => lines.Any(l => l.Contains($"Hub connect #{drop + 1}: leecher-started marker", StringComparison.Ordinal)), Deadline, $"the marker decision after reconnect {drop}");
            for (var n = 0; n < 100; n++)
            {
                ids.Add(world.Hub.PublishAsWebClient("ftrack.update", TaskUpdate((drop * 100) + n)));
            }

            // ftrack's hub does not replay what a dropped socket had in flight: let these arrive before the next drop.
            await WaitForStoredAsync(world, ids.Count, leecher);
        }

        // The first marker has no processing job yet: a reconnect must not add a second one.
        await DropAndPublishAsync(1);
        leecher.Lines.ShouldContain(l => l.Contains("Hub connect #2: leecher-started marker not stored", StringComparison.Ordinal));

        // A processor takes the marker: the next reconnect stores a new one.
        var markers = (await LeechedAsync(world)).Where(e => e.Payload["topic"]?.GetValue<string>() == Marker).ToList();
        var firstMarker = markers.ShouldHaveSingleItem();
        await world.Ayon.InsertEventAsync(new AyonEventInsert { Topic = "ftrack.proc", DependsOn = firstMarker.Id, Status = "finished", Sender = "ftrack-processor" }, CancellationToken.None);
        await DropAndPublishAsync(2);
        leecher.Lines.ShouldContain(l => l.Contains("Hub connect #3: leecher-started marker stored", StringComparison.Ordinal));

        await DropAndPublishAsync(3);
        leecher.Lines.ShouldContain(l => l.Contains("Hub connect #4: leecher-started marker not stored", StringComparison.Ordinal));

        await WaitForStoredAsync(world, ids.Count, leecher);
        (await StoredEventsAsync(world)).Select(e => e.Hash).ShouldBe(ids);
        var all = await LeechedAsync(world);
        var stored = all.Where(e => e.Payload["topic"]?.GetValue<string>() == Marker).ToList();
        stored.Count.ShouldBe(2);
        stored[1].Payload["source"]!["user"]!["username"]!.GetValue<string>().ShouldBe(world.Ftrack.ApiUser);
        stored[1].Payload["source"]!["user"]!["id"]!.GetValue<string>().ShouldBe(world.Ftrack.ApiUserId);
        stored[1].Description.ShouldBe(Marker);
    }

    [Fact]
    public async Task Leecher_BadFtrackCredentials_ReportsOneReadableErrorRetriesEveryTenSecondsAndLeaksNoSecret()
    {
        const string wrongKey = "wrong-ftrack-key-7f3a9c0e5b";
        await using var world = await ServiceWorld.StartAsync(ftrackKey: wrongKey);
        await using var leecher = StartLeecher(world);

        await leecher.WaitForAsync(
            lines => lines.Count(l => l.Contains("does not accept the credentials", StringComparison.Ordinal)) >= 3,
            Deadline,
            "three tries with the bad credentials");

        var tries = leecher.Lines.Where(l => l.Contains("does not accept the credentials", StringComparison.Ordinal)).ToList();
        tries.ShouldAllBe(l => l.Contains("trying again in 10 s", StringComparison.Ordinal));
        var errors = await world.Ayon.GetEventsAsync("log.error", CancellationToken.None);
        var error = errors.ShouldHaveSingleItem();
        error.Description.ShouldBe("ftrack leecher error");
        error.Payload["message"]!.GetValue<string>().ShouldContain($"does not accept the credentials of user '{world.Ftrack.ApiUser}'");

        var everything = string.Join('\n', leecher.Lines) + string.Join('\n', (await world.Ayon.GetEventsAsync(null, CancellationToken.None)).Select(e => e.Payload.ToJsonString() + e.Description));
        everything.ShouldNotContain(wrongKey);
        everything.ShouldNotContain(world.Ayon.ServiceApiKey);
        everything.ShouldNotContain(world.Ftrack.ApiKey);
    }

    [Fact]
    public async Task Leecher_HubStopsRoutingButKeepsTheSocket_IsFoundByTheRoundTripAndReconnects()
    {
        await using var world = await ServiceWorld.StartAsync();
        await using var leecher = StartLeecher(world, "--Leecher:LivenessInterval", "00:00:00.500", "--FtrackHub:LivenessTimeout", "00:00:01");
        await WaitForSubscriptionAsync(world);
        // The hub registers the subscription before its acknowledgement reaches the leecher: wait until the connection is ready.
        await leecher.WaitForAsync(lines => lines.Any(l => l.Contains("Hub connect #1:", StringComparison.Ordinal)), Deadline, "the first ready connection");

        world.Hub.StopAnswering();
        await leecher.WaitForAsync(lines => lines.Any(l => l.Contains("did not route a round trip back; reconnecting", StringComparison.Ordinal)), Deadline, "the liveness check to notice");
        world.Hub.ResumeAnswering();
        var connections = world.Hub.TotalConnections;
        await ServiceWorld.WaitUntilAsync(() => Task.FromResult(world.Hub.TotalConnections > connections && world.Hub.Subscriptions.Any(s => s.Subscription == "topic=*")), Deadline, "a fresh connection");
        var ids = new List<string>();
        for (var n = 0; n < 50; n++)
        {
            ids.Add(world.Hub.PublishAsWebClient("ftrack.update", TaskUpdate(n)));
        }

        await WaitForStoredAsync(world, ids.Count, leecher);
        (await StoredEventsAsync(world)).Select(e => e.Hash).ShouldBe(ids);
    }

    [Fact]
    public async Task Leecher_AyonRefusesOneEventForGood_KeepsItAsADeadLetterAndStoresTheOthersInOrder()
    {
        await using var world = await ServiceWorld.StartAsync();
        await using var leecher = StartLeecher(world);
        await WaitForSubscriptionAsync(world);
        await ServiceWorld.WaitUntilAsync(
            async () => (await LeechedAsync(world)).Any(e => e.Payload["topic"]?.GetValue<string>() == Marker),
            Deadline,
            "the first marker in AYON");

        world.Ayon.InjectFault(new AyonFault { Method = "POST", PathPrefix = "/api/events", StatusCode = 400, Times = 1 });
        var ids = new List<string>();
        for (var n = 0; n < 10; n++)
        {
            ids.Add(world.Hub.PublishAsWebClient("ftrack.update", TaskUpdate(n)));
        }

        await WaitForStoredAsync(world, ids.Count - 1, leecher);
        (await StoredEventsAsync(world)).Select(e => e.Hash).ShouldBe(ids.Skip(1));
        leecher.Lines.ShouldContain(l => l.Contains($"ftrack event {ids[0]} (ftrack.update) moved to the dead-letter table", StringComparison.Ordinal));
        var error = (await world.Ayon.GetEventsAsync("log.error", CancellationToken.None)).ShouldHaveSingleItem();
        error.Payload["message"]!.GetValue<string>().ShouldContain($"ftrack event {ids[0]} (ftrack.update) was refused by AYON");
    }
}
