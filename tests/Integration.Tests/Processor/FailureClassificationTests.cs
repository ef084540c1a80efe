using System.Globalization;
using System.Text.Json.Nodes;
using AyonFtrack.Host.Workers;
using AyonFtrack.Integration.Tests.Support;

namespace AyonFtrack.Integration.Tests.Processor;

/// <summary>
/// DESIGN §4 "Failures are classified", through the real processor composition against the emulators: a transient
/// fault is retried inside the job, a permanent one fails the job at once, a job left failed is reconciled when the
/// processor is idle (reported in an AYON event), also after a restart, and a revoked AYON key ends the service with code 78.
/// </summary>
public sealed class FailureClassificationTests
{
    [Fact]
    public async Task Processor_SliceMeetsTwo503s_RetriedInsideTheJobWhichFinishesWithoutAnEnrollRetry()
    {
        await using var world = await ServiceWorld.StartAsync();
        var source = await ProcessorHarness.StoreAsync(world, "test.transient", ftrackId: "ft-transient");

        await using var processor = await InProcessProcessor.StartAsync(world, [new TestSlicesModule()], "--Failures:TransientBaseDelay", "00:00:00.050");
        await ProcessorHarness.WaitForJobsAsync(world, [source], j => j.Status == "finished" || (j.Status == "failed" && j.Retries > 3));

        var job = (await ProcessorHarness.JobsAsync(world)).Single(j => j.DependsOn == source);
        job.Status.ShouldBe("finished", job.Description);
        job.Retries.ShouldBe(0);
        processor.Probe.RunsOf("ft-transient").ShouldBe(3);
    }

    [Fact]
    public async Task Processor_SliceMeetsA400_JobFailsAtOnceNamingItPermanentAndIsNotRetried()
    {
        const int maxRetries = 3;
        await using var world = await ServiceWorld.StartAsync();
        var source = await ProcessorHarness.StoreAsync(world, "test.permanent", ftrackId: "ft-permanent");
        var behind = await ProcessorHarness.StoreAsync(world, "test.ok", ftrackId: "ft-ok");

        await using var processor = await InProcessProcessor.StartAsync(world, [new TestSlicesModule()], "--Processor:MaxRetries", maxRetries.ToString(CultureInfo.InvariantCulture));
        await ProcessorHarness.WaitForJobsAsync(world, [behind], j => j.Status == "finished");

        var job = (await ProcessorHarness.JobsAsync(world)).Single(j => j.DependsOn == source);
        job.ShouldSatisfyAllConditions(
            () => job.Status.ShouldBe("failed"),
            () => job.Description.ShouldContain("permanent"),
            () => job.Description.ShouldContain("ft-permanent is refused"),
            () => job.Retries.ShouldBeGreaterThan(maxRetries));
        processor.Probe.RunsOf("ft-permanent").ShouldBe(1);
    }

    [Fact]
    public async Task Processor_SyncJobLeftFailed_ReconciledAtTheNextIdleMomentAndReportedInAnAyonEvent()
    {
        const int maxRetries = 1;
        await using var world = await ServiceWorld.StartAsync();

        // Fails every run enroll gives it (maxRetries + 2), then would pass: only a later run can heal it.
        var source = await ProcessorHarness.StoreAsync(world, "ftrack.update", new JsonObject { ["test_heals_after"] = maxRetries + 2 }, ftrackId: "ft-heal");

        await using var processor = await InProcessProcessor.StartAsync(world, [new TestSlicesModule()], "--Processor:MaxRetries", maxRetries.ToString(CultureInfo.InvariantCulture));
        await ServiceWorld.WaitUntilAsync(
            async () => (await world.Ayon.GetEventsAsync(JobRunner.ReconcileTopic, CancellationToken.None)).Count > 0,
            ProcessorHarness.Deadline,
            "a reconciliation report");

        var report = (await world.Ayon.GetEventsAsync(JobRunner.ReconcileTopic, CancellationToken.None)).ShouldHaveSingleItem();
        report.Description.ShouldContain("1 healed");
        var item = report.Payload["jobs"]!.AsArray().ShouldHaveSingleItem()!;
        item["source"]!.GetValue<string>().ShouldBe(source);
        item["healed"]!.GetValue<bool>().ShouldBeTrue();
        var job = (await ProcessorHarness.JobsAsync(world)).Single(j => j.DependsOn == source);
        job.Status.ShouldBe("failed");
        job.Retries.ShouldBeGreaterThan(maxRetries);
        processor.Probe.RunsOf("ft-heal").ShouldBe(maxRetries + 3);
    }

    [Fact]
    public async Task Processor_JobsLeftFailedByAnEarlierProcess_ReconciledAfterTheRestartUnlessAReportNamesThem()
    {
        const int maxRetries = 1;
        var ct = CancellationToken.None;
        await using var world = await ServiceWorld.StartAsync();
        var forgotten = await ProcessorHarness.StoreAsync(world, "ftrack.update", new JsonObject { ["test_heals_after"] = 0 }, ftrackId: "ft-forgotten");
        var done = await ProcessorHarness.StoreAsync(world, "ftrack.update", new JsonObject { ["test_heals_after"] = 0 }, ftrackId: "ft-done");

        // What a processor stopped before its next idle moment leaves behind: two jobs left failed (retries used up), one
        // of which an earlier reconciliation already names.
        AyonFtrack.Sandbox.Ayon.AyonEventInsert LeftFailed(string source) => new()
        {
            Topic = "ftrack.proc", DependsOn = source, Status = "failed", Retries = maxRetries + 1, Sender = "ftrack-processor", Description = "Failed before the restart",
        };
        var forgottenJob = await world.Ayon.InsertEventAsync(LeftFailed(forgotten), ct);
        var doneJob = await world.Ayon.InsertEventAsync(LeftFailed(done), ct);
        await world.Ayon.InsertEventAsync(new AyonFtrack.Sandbox.Ayon.AyonEventInsert
        {
            Topic = JobRunner.ReconcileTopic,
            Sender = "ftrack-processor",
            Payload = new JsonObject
            {
                ["targetTopic"] = "ftrack.proc",
                ["jobs"] = new JsonArray(new JsonObject { ["job"] = doneJob, ["source"] = done, ["healed"] = true }),
            },
        }, ct);

        await using var processor = await InProcessProcessor.StartAsync(world, [new TestSlicesModule()], "--Processor:MaxRetries", maxRetries.ToString(CultureInfo.InvariantCulture));
        await ServiceWorld.WaitUntilAsync(
            async () => (await world.Ayon.GetEventsAsync(JobRunner.ReconcileTopic, ct)).Count > 1,
            ProcessorHarness.Deadline,
            "a reconciliation report after the restart");

        var report = (await world.Ayon.GetEventsAsync(JobRunner.ReconcileTopic, ct)).OrderBy(e => e.CreationOrder).Last();
        var item = report.Payload["jobs"]!.AsArray().ShouldHaveSingleItem()!;
        item["job"]!.GetValue<string>().ShouldBe(forgottenJob);
        item["healed"]!.GetValue<bool>().ShouldBeTrue();
        processor.Probe.RunsOf("ft-forgotten").ShouldBe(1);
        processor.Probe.RunsOf("ft-done").ShouldBe(0);
    }

    [Fact]
    public async Task Processor_AyonKeyRevokedWhileRunning_ExitsWithCode78AfterTheConfiguredTime()
    {
        await using var world = await ServiceWorld.StartAsync();
        await using var processor = HostProcess.Start(
            world.Environment("ftrack-processor"),
            ["processor", .. ProcessorHarness.FastArgs, "--Processor:UnauthorizedExitAfter", "00:00:02"]);
        var started = await ProcessorHarness.StoreAsync(world, "test.ok", ftrackId: "ft-before");
        await ProcessorHarness.WaitForJobsAsync(world, [started], j => j.Status == "finished", () => processor.Lines);

        // The service user keeps its name, its key is gone: every call now answers 401.
        await world.Ayon.AddUserAsync("service", null, new JsonObject { ["isService"] = true }, null, CancellationToken.None);

        (await processor.WaitForExitAsync(ProcessorHarness.Deadline)).ShouldBe(78, string.Join('\n', processor.Lines.TakeLast(20)));
        processor.Lines.ShouldContain(l => l.Contains("401", StringComparison.Ordinal) && l.Contains("AYON_API_KEY", StringComparison.Ordinal));
    }
}
