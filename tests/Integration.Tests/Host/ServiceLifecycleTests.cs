using AyonFtrack.Integration.Tests.Support;

namespace AyonFtrack.Integration.Tests.Host;

public sealed class ServiceLifecycleTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Processor_UnreachableAyon_RetriesWithOneLinePerTryAndStopsCleanlyOnSigterm()
    {
        var port = HostProcess.ClosedPort();
        await using var host = HostProcess.Start(
            new Dictionary<string, string?>
            {
                ["AYON_SERVER_URL"] = $"http://127.0.0.1:{port}",
                ["AYON_API_KEY"] = "lifecycle-secret-key-0123456789",
                ["AYON_ADDON_VERSION"] = "1.6.4",
                ["AYON_SERVICE_NAME"] = "ftrack-processor",
            },
            "processor", "--Service:MinRetryDelay", "00:00:00.100", "--Service:MaxRetryDelay", "00:00:00.400", "--Ayon:RetryCount", "0");

        await host.WaitForAsync(lines => lines.Count(l => l.Contains("is not reachable (try", StringComparison.Ordinal)) >= 3, Deadline, "three retry lines");
        host.Terminate();
        var code = await host.WaitForExitAsync(Deadline);

        code.ShouldBe(0);
        var tries = host.Lines.Where(l => l.Contains("is not reachable (try", StringComparison.Ordinal)).ToList();
        tries[0].ShouldContain($"127.0.0.1:{port}");
        tries.ShouldAllBe(l => l.Contains("trying again in", StringComparison.Ordinal));
        host.Lines.ShouldNotContain(l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal), "no stack trace is printed");
        host.Lines.ShouldNotContain(l => l.Contains("lifecycle-secret-key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Processor_NoServerUrl_ExitsWithOneLineNamingTheVariable()
    {
        await using var host = HostProcess.Start(new Dictionary<string, string?> { ["AYON_API_KEY"] = "k", ["AYON_ADDON_VERSION"] = "1" }, "processor");

        var code = await host.WaitForExitAsync(Deadline);

        code.ShouldBe(78);
        host.Lines.ShouldHaveSingleItem().ShouldContain("AYON_SERVER_URL");
    }
}
