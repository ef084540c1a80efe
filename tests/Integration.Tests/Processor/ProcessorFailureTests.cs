using AyonFtrack.Integration.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AyonFtrack.Integration.Tests.Processor;

/// <summary>The real processor composition in this process, with a slice that throws on purpose, against both emulators.</summary>
public sealed class ProcessorFailureTests
{
    [Fact]
    public async Task Processor_SliceThrows_FailsTheJobNamingTheSliceRetriesUpToMaxRetriesThenProcessesTheEventsBehindIt()
    {
        const int maxRetries = 2;
        await using var world = await ServiceWorld.StartAsync();
        var failing = await ProcessorHarness.StoreAsync(world, "test.fail", ftrackId: "ft-fail");
        var behind = new List<string>();
        for (var n = 0; n < 3; n++)
        {
            behind.Add(await ProcessorHarness.StoreAsync(world, "test.ok", ftrackId: $"ft-ok-{n}"));
        }

        await using var processor = await InProcessProcessor.StartAsync(world, [new TestSlicesModule()], "--Processor:MaxRetries", maxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await ProcessorHarness.WaitForJobsAsync(world, behind, j => j.Status == "finished");

        var jobs = await ProcessorHarness.JobsAsync(world);
        var failed = jobs.Single(j => j.DependsOn == failing);
        failed.ShouldSatisfyAllConditions(
            () => failed.Status.ShouldBe("failed"),
            () => failed.Description.ShouldContain("Processor.FailOnPurpose"),
            () => failed.Description.ShouldContain("refused ft-fail on purpose"),
            () => failed.Retries.ShouldBe(maxRetries + 1));
        processor.Probe.RunsOf("ft-fail").ShouldBe(maxRetries + 2);
        processor.Probe.Runs.Where(r => r.StartsWith("ft-ok-", StringComparison.Ordinal)).ShouldBe(["ft-ok-0", "ft-ok-1", "ft-ok-2"]);
        jobs.Where(j => behind.Contains(j.DependsOn!)).ShouldAllBe(j => j.Status == "finished" && j.Retries == 0);
        jobs.Count.ShouldBe(4);
    }

    [Fact]
    public async Task Processor_StopRequestedDuringAnEvent_FinishesThatEventFirstAndTakesNoOther()
    {
        await using var world = await ServiceWorld.StartAsync();
        var slow = await ProcessorHarness.StoreAsync(world, "test.slow", ftrackId: "ft-slow");
        var next = await ProcessorHarness.StoreAsync(world, "test.ok", ftrackId: "ft-next");
        await using var processor = await InProcessProcessor.StartAsync(world, [new TestSlicesModule()]);
        await processor.Probe.SlowStarted.Task.WaitAsync(ProcessorHarness.Deadline);

        var stopping = processor.StopAsync();
        var lifetime = processor.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>();
        await ServiceWorld.WaitUntilAsync(() => Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested), ProcessorHarness.Deadline, "the stop request");
        stopping.IsCompleted.ShouldBeFalse();
        processor.Probe.SlowGate.SetResult();
        await stopping.WaitAsync(ProcessorHarness.Deadline);

        var jobs = await ProcessorHarness.JobsAsync(world);
        jobs.ShouldHaveSingleItem().DependsOn.ShouldBe(slow);
        jobs[0].Status.ShouldBe("finished");
        jobs.ShouldNotContain(j => j.DependsOn == next);
        processor.Probe.Runs.ShouldBe(["ft-slow"]);
    }
}
