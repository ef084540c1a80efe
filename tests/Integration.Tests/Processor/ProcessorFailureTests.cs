using AyonFtrack.Integration.Tests.Support;

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
}
