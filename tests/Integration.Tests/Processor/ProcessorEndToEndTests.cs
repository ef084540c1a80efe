using System.Text;
using System.Text.Json.Nodes;
using AyonFtrack.Integration.Tests.Support;
using AyonFtrack.Sandbox.Ayon;

namespace AyonFtrack.Integration.Tests.Processor;

/// <summary>The processor run as in production (the real executable, ASH's variables) between the two emulators.</summary>
public sealed class ProcessorEndToEndTests
{
    private static readonly TimeSpan Deadline = ProcessorHarness.Deadline;

    private static HostProcess StartProcessor(ServiceWorld world, params string[] extra) =>
        HostProcess.Start(world.Environment("ftrack-processor"), ["processor", .. ProcessorHarness.FastArgs, .. extra]);

    [Fact]
    public async Task Processor_ThousandStoredEvents_ProcessesThemInStoredOrderAndFinishesEachJobOnce()
    {
        await using var world = await ServiceWorld.StartAsync();
        var sources = new List<string>();
        for (var n = 0; n < 1_000; n++)
        {
            sources.Add(await ProcessorHarness.StoreAsync(world, "test.noop", new JsonObject { ["n"] = n }));
        }

        await using var processor = StartProcessor(world);
        await ProcessorHarness.WaitForJobsAsync(world, sources, j => j.Status == "finished", () => processor.Lines);

        var jobs = await ProcessorHarness.JobsAsync(world);
        jobs.Count.ShouldBe(sources.Count);
        jobs.Select(j => j.DependsOn).ShouldBe(sources);
        jobs.ShouldAllBe(j => j.Status == "finished" && j.Retries == 0 && j.Sender == "ftrack-processor" && j.Description == "Processed Leeched test.noop");
        jobs.Zip(jobs.Skip(1)).ShouldAllBe(pair => string.CompareOrdinal(pair.First.UpdatedAt, pair.Second.UpdatedAt) <= 0);
    }

    [Fact]
    public async Task Processor_KilledInTheMiddleOfAnEvent_ProcessesThatEventAgainAndFinishesItsJobOnce()
    {
        await using var world = await ServiceWorld.StartAsync();
        var sources = new List<string>();
        for (var n = 0; n < 5; n++)
        {
            sources.Add(await ProcessorHarness.StoreAsync(world, "test.noop", new JsonObject { ["n"] = n }));
        }

        // The job's closing PATCH hangs: the processor is in the middle of the first event when it is killed.
        var hang = world.Ayon.InjectFault(new AyonFault { Method = "PATCH", PathPrefix = "/api/events/", Delay = TimeSpan.FromMinutes(10) });
        string jobId;
        await using (var first = StartProcessor(world))
        {
            await ServiceWorld.WaitUntilAsync(() => Task.FromResult(hang.Hits >= 1), Deadline, "the first job's PATCH", () => Task.FromResult(string.Join('\n', first.Lines.TakeLast(20))));
            var pending = (await ProcessorHarness.JobsAsync(world)).ShouldHaveSingleItem();
            pending.Status.ShouldBe("pending");
            pending.DependsOn.ShouldBe(sources[0]);
            jobId = pending.Id;
            first.KillNow();
            await first.WaitForExitAsync(Deadline);
        }

        world.Ayon.RemoveFault(hang).ShouldBeTrue();
        (await world.Ayon.GetEventAsync(jobId, CancellationToken.None))!.Status.ShouldBe("pending");
        // A finished job is logged at Debug: turn it on for the job runner to see the second process finish that job.
        await using var second = StartProcessor(world, "--Logging:LogLevel:AyonFtrack.Host.Workers.JobRunner", "Debug");
        await ProcessorHarness.WaitForJobsAsync(world, sources, j => j.Status == "finished", () => second.Lines);

        var jobs = await ProcessorHarness.JobsAsync(world);
        jobs.Select(j => j.DependsOn).ShouldBe(sources);
        jobs[0].Id.ShouldBe(jobId);
        jobs.ShouldAllBe(j => j.Status == "finished" && j.Retries == 0);
        second.Lines.ShouldContain(l => l.Contains($"Job {jobId} for event {sources[0]} finished", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Processor_HandlerArchives_LoadsTheSampleSliceAndRunsItRejectsParentEntriesAndReportsUnsupportedOnes()
    {
        await using var world = await ServiceWorld.StartAsync();
        var sample = HandlerArchives.SampleAssembly;
        var manifest = """{"version": "1.0.0", "handler_subfolders": ["handlers"]}""";
        await HandlerArchives.AddAsync(world.Ayon, "sample", "1.0.0", "handlers.zip", ("manifest.json", Encoding.UTF8.GetBytes(manifest)), ("handlers/AyonFtrack.SampleSlices.dll", await File.ReadAllBytesAsync(sample)));
        await HandlerArchives.AddAsync(world.Ayon, "evil", "1.0.0", "evil.zip", ("manifest.json", Encoding.UTF8.GetBytes(manifest)), ("../escape.txt", "out"u8.ToArray()));
        await HandlerArchives.AddAsync(world.Ayon, "future", "2.0.0", "future.zip", ("manifest.json", """{"version": "2.0.0", "handler_subfolders": ["handlers"]}"""u8.ToArray()), ("handlers/readme.txt", "x"u8.ToArray()));
        await HandlerArchives.AddAsync(world.Ayon, "python", "1.0.0", "python.zip", ("manifest.json", Encoding.UTF8.GetBytes(manifest)), ("handlers/event_thing.py", "def register(session):\n    pass\n"u8.ToArray()));
        await world.Ayon.SetCustomProcessorHandlersAsync("production",
        [
            ("sample", "1.0.0", "addons/sample/1.0.0/private/handlers.zip"),
            ("evil", "1.0.0", "addons/evil/1.0.0/private/evil.zip"),
            ("future", "2.0.0", "addons/future/2.0.0/private/future.zip"),
            ("python", "1.0.0", "addons/python/1.0.0/private/python.zip"),
        ], CancellationToken.None);

        await using var processor = StartProcessor(world, "--Plugins:DownloadRoot", Path.Combine(world.DataDirectory, "downloads"));
        AyonEventRow? report = null;
        await ServiceWorld.WaitUntilAsync(
            async () => (report = (await world.Ayon.GetEventsAsync("ftrack.processor.handlers", CancellationToken.None)).SingleOrDefault()) is not null,
            Deadline,
            "the load report event",
            () => Task.FromResult(string.Join('\n', processor.Lines.TakeLast(30))));

        var archives = report!.Payload["archives"]!.AsArray().Select(a => a!.AsObject()).ToDictionary(a => a["addon_name"]!.GetValue<string>());
        report.Description.ShouldStartWith("Custom handlers (production): 1 loaded, 1 failed, 2 unsupported");
        archives["sample"]["status"]!.GetValue<string>().ShouldBe("loaded");
        archives["sample"]["modules"]!.AsArray().Select(m => m!.GetValue<string>()).ShouldBe(["AyonFtrack.SampleSlices.SampleSlicesModule"]);
        archives["evil"]["status"]!.GetValue<string>().ShouldBe("failed");
        archives["evil"]["reason"]!.GetValue<string>().ShouldContain("../escape.txt");
        archives["future"]["status"]!.GetValue<string>().ShouldBe("unsupported");
        archives["future"]["reason"]!.GetValue<string>().ShouldContain("2.0.0");
        archives["python"]["status"]!.GetValue<string>().ShouldBe("unsupported");
        archives["python"]["reason"]!.GetValue<string>().ShouldContain("Python");

        var update = await ProcessorHarness.StoreAsync(world, "ftrack.update", new JsonObject
        {
            ["entities"] = new JsonArray(new JsonObject { ["entityType"] = "task", ["entityId"] = "t1", ["action"] = "update" }),
        }, ftrackId: "ft-sample-update");
        await ProcessorHarness.WaitForJobsAsync(world, [update], j => j.Status == "finished", () => processor.Lines);
        await processor.WaitForAsync(
            lines => lines.Any(l => l.Contains("Recorded ftrack update ft-sample-update by jane: 1 entities", StringComparison.Ordinal)),
            Deadline,
            "the sample slice's log line");
        var job = (await ProcessorHarness.JobsAsync(world)).Single(j => j.DependsOn == update);
        job.Payload["slices"]!.AsArray().Select(s => s!["slice"]!.GetValue<string>()).ShouldContain("SampleSlices.RecordUpdate");
    }
}
