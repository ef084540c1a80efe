using System.Text.Json.Nodes;
using AyonFtrack.Integration.Tests.Support;

namespace AyonFtrack.Integration.Tests.Host;

/// <summary>
/// Issue 15: Mapster is loaded only where slices map. The leecher maps nothing, so its process never maps Mapster's
/// assembly into memory, even after it stored an event; the transmitter (the control) does. Read from the running
/// process's memory map (/proc/&lt;pid&gt;/maps), which lists every assembly file the runtime has loaded.
/// </summary>
public sealed class MapsterLoadTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    private static IReadOnlyList<string> LoadedFiles(int pid) =>
        [.. File.ReadLines($"/proc/{pid}/maps").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(p => p.Length >= 6).Select(p => Path.GetFileName(p[5])).Distinct()];

    [Fact]
    public async Task Leecher_StoringEvents_NeverLoadsMapster()
    {
        await using var world = await ServiceWorld.StartAsync();
        await using var leecher = HostProcess.Start(world.Environment("ftrack-leecher"), "leecher", "--Service:MaxRetryDelay", "00:00:01");
        await ServiceWorld.WaitUntilAsync(() => Task.FromResult(world.Hub.Subscriptions.Any(s => s.Subscription == "topic=*")), Deadline, "the leecher's subscription");

        world.Hub.PublishAsWebClient("ftrack.update", new JsonObject { ["entities"] = new JsonArray() });
        await ServiceWorld.WaitUntilAsync(
            async () => (await world.Ayon.GetEventsAsync("ftrack.leech", CancellationToken.None)).Any(e => e.Payload["topic"]?.GetValue<string>() == "ftrack.update"),
            Deadline,
            "the leeched event");

        var files = LoadedFiles(leecher.Id);
        files.ShouldContain("AyonFtrack.Features.dll");
        files.ShouldNotContain(f => f.StartsWith("Mapster", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Transmitter_Started_LoadsMapsterWithItsCompiledMappings()
    {
        await using var world = await ServiceWorld.StartAsync();
        await using var transmitter = HostProcess.Start(
            world.Environment("ftrack-transmitter"), "transmitter", "--Transmitter:IdleDelay", "00:00:00.100", "--CommentSync:Interval", "01:00:00");
        await transmitter.WaitForAsync(lines => lines.Any(l => l.Contains("Connected to ftrack", StringComparison.Ordinal)), Deadline, "the ftrack connection");

        LoadedFiles(transmitter.Id).ShouldContain("Mapster.dll");
    }
}
