using AyonFtrack.Integration.Tests.Support;
using AyonFtrack.Sandbox.Ayon;
using AyonFtrack.Sandbox.Ftrack.Hub;

namespace AyonFtrack.Integration.Tests.Leech;

/// <summary>Issue 14 (5): a flapping hub costs one resync (one "leecher started" marker), not one per reconnect.</summary>
public sealed class LeecherResyncDebounceTests
{
    private const string Marker = "ayon.ftrack.leecher.started.ynternal";
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    private static async Task<List<AyonEventRow>> MarkersAsync(ServiceWorld world) =>
        [.. (await world.Ayon.GetEventsAsync("ftrack.leech", CancellationToken.None)).Where(e => e.Payload["topic"]?.GetValue<string>() == Marker)];

    [Fact]
    public async Task Leecher_HubFlapsFiveTimesWhileAProcessorTakesEveryMarker_StoresOneMarkerForTheWholeRun()
    {
        await using var world = await ServiceWorld.StartAsync();
        await using var leecher = HostProcess.Start(world.Environment("ftrack-leecher"), "leecher", "--Service:MaxRetryDelay", "00:00:01", "--Leecher:ResyncDebounce", "00:00:08");
        await ServiceWorld.WaitUntilAsync(() => Task.FromResult(world.Hub.Subscriptions.Any(s => s.Subscription == "topic=*")), Deadline, "the subscription");
        await leecher.WaitForAsync(lines => lines.Any(l => l.Contains("Hub connect #1: leecher-started marker stored", StringComparison.Ordinal)), Deadline, "the first marker");

        // A processor that takes every marker as soon as it is stored: without the debounce each reconnect would store one.
        using var stop = new CancellationTokenSource();
        var taken = new HashSet<string>();
        async Task TakeMarkersAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var marker in await MarkersAsync(world))
                {
                    if (taken.Add(marker.Id))
                    {
                        await world.Ayon.InsertEventAsync(new AyonEventInsert { Topic = "ftrack.proc", DependsOn = marker.Id, Status = "finished", Sender = "ftrack-processor" }, CancellationToken.None);
                    }
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
            }
        }

        var processor = TakeMarkersAsync();
        await ServiceWorld.WaitUntilAsync(() => Task.FromResult(taken.Count == 1), Deadline, "the first marker taken");
        for (var flap = 1; flap <= 5; flap++)
        {
            (await world.Hub.DropAllConnectionsAsync(FtrackHubDrop.Abort, CancellationToken.None)).ShouldBe(1);
            var connected = $"ftrack event hub connected (connect #{flap + 1},";
            await leecher.WaitForAsync(lines => lines.Any(l => l.Contains(connected, StringComparison.Ordinal)), Deadline, $"reconnect {flap} ready");
        }

        await leecher.WaitForAsync(lines => lines.Any(l => l.Contains("Hub connect #6: leecher-started marker stored", StringComparison.Ordinal)), Deadline, "the one decision after the flaps");
        await stop.CancelAsync();
        await processor;

        (await MarkersAsync(world)).Count.ShouldBe(2);
        leecher.Lines.Count(l => l.Contains("leecher-started marker", StringComparison.Ordinal)).ShouldBe(2);
    }
}
