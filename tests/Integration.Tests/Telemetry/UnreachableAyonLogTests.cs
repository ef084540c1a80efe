using System.Text.RegularExpressions;
using AyonFtrack.Integration.Tests.Processor;
using AyonFtrack.Integration.Tests.Support;
using AyonFtrack.Sandbox.Ayon;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Integration.Tests.Telemetry;

/// <summary>
/// Issue 21: with AYON unreachable (the emulator drops every connection), the processor's log is what a TD needs: at
/// most one line per failed try, each a single line naming the fault, and no stack trace, whether AYON is down when the
/// service starts or goes down while it works. The log is written through the service's own console formatter with
/// the default levels (the resilience library's and HttpClient's categories are filtered by default).
/// </summary>
[Collection(TelemetryTestGroup.Name)]
public sealed partial class UnreachableAyonLogTests
{
    [Fact]
    public async Task Processor_AyonUnreachableAtStartAndWhileWorking_OneLinePerTryAndNoStackTrace()
    {
        var log = new FormattedLogCapture();
        await using var world = await ServiceWorld.StartAsync();
        var atStart = world.Ayon.InjectFault(new AyonFault { PathPrefix = "/", Abort = true });
        await using var processor = await InProcessProcessor.StartAsync(
            world, [new TelemetrySlicesModule()], builder => builder.Logging.AddProvider(log), "--Logging:LogLevel:Default", "Information");
        await ServiceWorld.WaitUntilAsync(() => Task.FromResult(log.Text.Split("is not reachable (try").Length > 3), ProcessorHarness.Deadline, "three failed tries to reach AYON", () => Task.FromResult(log.Text));
        world.Ayon.RemoveFault(atStart);
        var first = await ProcessorHarness.StoreAsync(world, TelemetrySlicesModule.Topic);
        await ProcessorHarness.WaitForJobsAsync(world, [first], j => j.Status == "finished");

        var whileWorking = world.Ayon.InjectFault(new AyonFault { PathPrefix = "/", Abort = true });
        await ServiceWorld.WaitUntilAsync(() => Task.FromResult(whileWorking.Hits >= 3), ProcessorHarness.Deadline, "three requests refused while working");
        world.Ayon.RemoveFault(whileWorking);
        var second = await ProcessorHarness.StoreAsync(world, TelemetrySlicesModule.Topic);
        await ProcessorHarness.WaitForJobsAsync(world, [second], j => j.Status == "finished");

        var lines = log.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var problems = lines.Where(l => Entry().Match(l) is { Success: true } m && m.Groups["level"].Value is "warn" or "fail" or "crit").ToList();
        var failedRequests = atStart.Hits + whileWorking.Hits;
        lines.ShouldSatisfyAllConditions(
            () => lines.Where(l => !Entry().IsMatch(l)).ShouldBeEmpty("every line is one entry: no stack trace, no continuation"),
            () => lines.ShouldNotContain(l => l.Contains(" at AyonFtrack.", StringComparison.Ordinal) || l.Contains(" at System.", StringComparison.Ordinal)),
            () => problems.ShouldContain(l => l.Contains("is not reachable (try 3)", StringComparison.Ordinal)),
            () => problems.ShouldContain(l => l.Contains("loop hit an error", StringComparison.Ordinal)),
            () => problems.Count.ShouldBeLessThanOrEqualTo(failedRequests, $"{problems.Count} warning/error lines for {failedRequests} refused requests:\n{string.Join('\n', problems)}"),
            () => lines.ShouldNotContain(l => l.Contains(": Polly[", StringComparison.Ordinal) || l.Contains(": System.Net.Http.HttpClient", StringComparison.Ordinal)));
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (?<level>trce|dbug|info|warn|fail|crit): \S+\[\d+\] ")]
    private static partial Regex Entry();
}
