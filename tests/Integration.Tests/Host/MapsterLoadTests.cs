using System.Text.Json.Nodes;
using AyonFtrack.Integration.Tests.Processor;
using AyonFtrack.Integration.Tests.Support;
using AyonFtrack.Sandbox.Ayon;

namespace AyonFtrack.Integration.Tests.Host;

/// <summary>
/// Issue 15: Mapster is loaded only for integrators' slices. The built-in slices map by hand, so neither the leecher (even
/// after it stored an event) nor the transmitter maps Mapster's assembly into memory; a processor with custom handlers
/// (the control) does. Read from the running
/// process's memory map (/proc/&lt;pid&gt;/maps), which lists every assembly file the runtime has loaded.
/// </summary>
public sealed class MapsterLoadTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    private static IReadOnlyList<string> LoadedFiles(int pid) =>
        [.. File.ReadLines($"/proc/{pid}/maps").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(p => p.Length >= 6).Select(p => Path.GetFileName(p[5])).Distinct()];

    private static void ShouldNotHaveLoadedMapster(int pid)
    {
        var files = LoadedFiles(pid);
        files.ShouldContain("AyonFtrack.Features.dll");
        files.ShouldNotContain(f => f.StartsWith("Mapster", StringComparison.Ordinal));
    }

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

        ShouldNotHaveLoadedMapster(leecher.Id);
    }

    [Fact]
    public async Task Transmitter_Started_NeverLoadsMapster()
    {
        await using var world = await ServiceWorld.StartAsync();
        await using var transmitter = HostProcess.Start(
            world.Environment("ftrack-transmitter"), "transmitter", "--Transmitter:IdleDelay", "00:00:00.100", "--CommentSync:Interval", "00:00:00.200");
        await transmitter.WaitForAsync(lines => lines.Any(l => l.Contains("Connected to ftrack", StringComparison.Ordinal)), Deadline, "the ftrack connection");

        // A change of a folder AYON no longer has: the slice reads the entity (the read that Mapster used to map) and finishes.
        var change = await world.Ayon.InsertEventAsync(
            new AyonEventInsert { Topic = "entity.folder.attrib_changed", Project = "gone", SenderType = "api", Summary = new JsonObject { ["entityId"] = "f-gone" } },
            CancellationToken.None);
        await ServiceWorld.WaitUntilAsync(
            async () => (await world.Ayon.GetEventsAsync("ftrack.sync", CancellationToken.None)).Any(j => j.DependsOn == change && j.Status == "finished"),
            Deadline,
            "the change's finished ftrack.sync job",
            () => Task.FromResult(string.Join('\n', transmitter.Lines.TakeLast(30))));

        ShouldNotHaveLoadedMapster(transmitter.Id);
    }

    [Fact]
    public async Task Processor_WithCustomHandlers_LoadsMapsterForThem()
    {
        await using var world = await ServiceWorld.StartAsync();
        await HandlerArchives.AddAsync(
            world.Ayon, "sample", "1.0.0", "handlers.zip",
            ("manifest.json", """{"version": "1.0.0", "handler_subfolders": ["handlers"]}"""u8.ToArray()),
            ("handlers/AyonFtrack.SampleSlices.dll", await File.ReadAllBytesAsync(HandlerArchives.SampleAssembly)));
        await world.Ayon.SetCustomProcessorHandlersAsync("production", [("sample", "1.0.0", "addons/sample/1.0.0/private/handlers.zip")], CancellationToken.None);
        await using var processor = HostProcess.Start(
            world.Environment("ftrack-processor"), ["processor", .. ProcessorHarness.FastArgs, "--Plugins:DownloadRoot", Path.Combine(world.DataDirectory, "downloads")]);
        await ServiceWorld.WaitUntilAsync(
            async () => (await world.Ayon.GetEventsAsync("ftrack.processor.handlers", CancellationToken.None)).Count > 0,
            Deadline,
            "the custom handlers' load report",
            () => Task.FromResult(string.Join('\n', processor.Lines.TakeLast(30))));

        LoadedFiles(processor.Id).ShouldContain("Mapster.dll");
    }
}
