using System.Text.Json.Nodes;
using AyonFtrack.Host.Spool;
using AyonFtrack.Integration.Tests.Ftrack.Hub;
using AyonFtrack.Integration.Tests.Support;
using AyonFtrack.Sandbox.Ayon;
using Xunit.Abstractions;

namespace AyonFtrack.Integration.Tests.Leech;

/// <summary>
/// Issue 14 (2, 3) through the real leecher process: hostile and oversize hub frames become dead letters in the spool,
/// the events around them are stored, and the hub connection is never dropped.
/// </summary>
public sealed class LeecherHostileFrameTests(ITestOutputHelper output)
{
    private const string Marker = "ayon.ftrack.leecher.started.ynternal";
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);

    private static string SpoolPath(ServiceWorld world) => Path.Combine(world.DataDirectory, "ftrack-leecher", "leecher-spool.db");

    private static async Task<IReadOnlyList<(AyonFtrack.Features.Leech.SpooledEvent Event, string Reason)>> DeadLettersAsync(ServiceWorld world)
    {
        if (!File.Exists(SpoolPath(world)))
        {
            return [];
        }

        await using var spool = new SqliteLeechSpool(SpoolPath(world));
        return await spool.ReadDeadLettersAsync(CancellationToken.None);
    }

    private static async Task<List<AyonEventRow>> StoredAsync(ServiceWorld world) =>
        [.. (await world.Ayon.GetEventsAsync("ftrack.leech", CancellationToken.None)).Where(e => e.Payload["topic"]?.GetValue<string>() != Marker).OrderBy(e => e.CreationOrder)];

    private static async Task StartedAsync(ServiceWorld world, HostProcess leecher)
    {
        await ServiceWorld.WaitUntilAsync(() => Task.FromResult(world.Hub.Subscriptions.Any(s => s.Subscription == "topic=*")), Deadline, "the leecher's subscription");
        await leecher.WaitForAsync(lines => lines.Any(l => l.Contains("Hub connect #1: leecher-started marker stored", StringComparison.Ordinal)), Deadline, "the first marker");
    }

    [Fact]
    public async Task Leecher_HostileFramesBetweenRealEvents_StoresEveryRealEventAndDeadLettersEachFrameOnOneConnection()
    {
        await using var world = await ServiceWorld.StartAsync();
        await using var leecher = HostProcess.Start(world.Environment("ftrack-leecher"), "leecher", "--Service:MaxRetryDelay", "00:00:01");
        await StartedAsync(world, leecher);

        var cases = FtrackEventHubHostileFrameTests.HostileCases("leech");
        var ids = new List<string>();
        for (var round = 0; round < 3; round++)
        {
            foreach (var (_, _, _, frame) in cases)
            {
                ids.Add(world.Hub.PublishAsWebClient("ftrack.update", new JsonObject { ["n"] = ids.Count }));
                world.Hub.SendRawBytesToAll(frame).ShouldBe(1);
            }
        }

        ids.Add(world.Hub.PublishAsWebClient("ftrack.update", new JsonObject { ["n"] = ids.Count }));
        await ServiceWorld.WaitUntilAsync(async () => (await StoredAsync(world)).Count >= ids.Count, Deadline, $"{ids.Count} stored events",
            async () => $"stored {(await StoredAsync(world)).Count}; leecher said:\n{string.Join('\n', leecher.Lines.TakeLast(20))}");
        await ServiceWorld.WaitUntilAsync(async () => (await DeadLettersAsync(world)).Count >= cases.Count * 3, Deadline, "a dead letter per hostile frame");

        (await StoredAsync(world)).Select(e => e.Hash).ShouldBe(ids);
        var dead = await DeadLettersAsync(world);
        dead.Count.ShouldBe(cases.Count * 3);
        for (var n = 0; n < dead.Count; n++)
        {
            var expected = cases[n % cases.Count];
            dead[n].Event.Hash.ShouldBe(expected.Id ?? "");
            dead[n].Reason.ShouldContain(expected.Reason);
            dead[n].Event.PayloadJson.ShouldNotBeNullOrEmpty();
        }

        world.Hub.TotalConnections.ShouldBe(1);
        leecher.Lines.ShouldNotContain(l => l.Contains("disconnected", StringComparison.Ordinal));
        leecher.Lines.Count(l => l.Contains("moved to the dead-letter table", StringComparison.Ordinal)).ShouldBe(cases.Count * 3);
        leecher.Lines.ShouldNotContain(l => l.Contains("hostile-user", StringComparison.Ordinal)); // the username of the hostile frame is never logged
    }

    [Fact]
    public async Task Leecher_SixtyMegabyteEventIn256MegabyteHeap_IsKeptWholeAsADeadLetterAndAnEventAtTheLimitIsStored()
    {
        await using var world = await ServiceWorld.StartAsync();
        var environment = world.Environment("ftrack-leecher");
        var image = AyonFtrack.Testing.ImageEnvironment.Require();
        foreach (var (key, value) in image)
        {
            environment[key] = value; // the image's runtime settings: the leecher runs as the image runs it
        }

        // In a container limited to 256 MiB the runtime limits its heap to a share of that limit by itself: the image's
        // DOTNET_GCHeapHardLimitPercent (hexadecimal, as the runtime reads it), else 75 %. Here there is no cgroup limit, so
        // the same heap limit is given outright.
        var percent = image.TryGetValue("DOTNET_GCHeapHardLimitPercent", out var hex) ? Convert.ToInt64(hex, 16) : 75;
        environment["DOTNET_GCHeapHardLimit"] = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"0x{256L * 1024 * 1024 * percent / 100:X}");
        await using var leecher = HostProcess.Start(environment, "leecher", "--Service:MaxRetryDelay", "00:00:01");
        await StartedAsync(world, leecher);

        var huge = world.Hub.PublishAsWebClient("ftrack.update", new JsonObject { ["blob"] = new string('h', 60 * 1000 * 1000) });
        var atLimit = world.Hub.PublishAsWebClient("ftrack.update", new JsonObject { ["blob"] = new string('l', (8 * 1024 * 1024) - 4096) });
        var after = world.Hub.PublishAsWebClient("ftrack.update", new JsonObject { ["n"] = 1 });

        await ServiceWorld.WaitUntilAsync(async () => (await StoredAsync(world)).Count >= 2, Deadline, "the event at the limit and the one after it stored",
            async () => $"stored {(await StoredAsync(world)).Count}; leecher said:\n{string.Join('\n', leecher.Lines.TakeLast(20))}");
        (await StoredAsync(world)).Select(e => e.Hash).ShouldBe([atLimit, after]);
        (await StoredAsync(world))[0].Payload["data"]!["blob"]!.GetValue<string>().Length.ShouldBe((8 * 1024 * 1024) - 4096);

        var dead = (await DeadLettersAsync(world)).ShouldHaveSingleItem();
        dead.Event.Hash.ShouldBe(huge);
        dead.Event.Topic.ShouldBe("ftrack.update");
        dead.Reason.ShouldContain("over the 8388608-byte limit");
        var file = Directory.GetFiles(Path.Combine(world.DataDirectory, "ftrack-leecher", "rejected-frames")).ShouldHaveSingleItem();
        dead.Event.PayloadJson.ShouldContain(file);
        new FileInfo(file).Length.ShouldBeGreaterThan(60 * 1000 * 1000);
        world.Hub.TotalConnections.ShouldBe(1);
        leecher.Process.HasExited.ShouldBeFalse();
        leecher.Lines.ShouldNotContain(l => l.Contains("OutOfMemory", StringComparison.Ordinal));

        // The whole process, not only its heap, stays inside the container: above 256 MiB the kernel would kill it.
        var peak = PeakResidentMib(leecher.Id);
        output.WriteLine($"leecher peak resident set: {peak:0.0} MiB");
        peak.ShouldBeLessThan(256, "the leecher's peak resident set (VmHWM)");
    }

    private static double PeakResidentMib(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line["VmHWM:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
    }
}
