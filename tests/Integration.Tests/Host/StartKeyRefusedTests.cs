using AyonFtrack.Integration.Tests.Support;
using AyonFtrack.Sandbox.Ayon;

namespace AyonFtrack.Integration.Tests.Host;

/// <summary>
/// Issue 14 (6): a key AYON refuses (401) to the start-up's settings read does not keep a service retrying forever: after
/// the mode's <c>UnauthorizedExitAfter</c> it exits with code 78 and one line naming the cause, never the key.
/// </summary>
public sealed class StartKeyRefusedTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData("leecher", "ftrack-leecher", "Leecher")]
    [InlineData("processor", "ftrack-processor", "Processor")]
    [InlineData("transmitter", "ftrack-transmitter", "Transmitter")]
    public async Task Service_AyonRefusesTheKeyToTheSettingsRead_ExitsWithCode78AfterTheConfiguredTime(string mode, string serviceName, string section)
    {
        await using var world = await ServiceWorld.StartAsync();
        var refused = world.Ayon.InjectFault(new AyonFault
        {
            Method = "GET",
            PathPrefix = $"/api/addons/ftrack/{ServiceWorld.AddonVersion}/settings",
            StatusCode = 401,
        });
        await using var service = HostProcess.Start(
            world.Environment(serviceName),
            mode, "--Service:SettingsRetryDelay", "00:00:00.200", $"--{section}:UnauthorizedExitAfter", "00:00:01");

        var code = await service.WaitForExitAsync(Deadline);

        code.ShouldBe(78, string.Join('\n', service.Lines.TakeLast(20)));
        refused.Hits.ShouldBeGreaterThan(1, "the settings read was tried again while the bound ran");
        var cause = service.Lines.Where(l => l.Contains("check AYON_API_KEY", StringComparison.Ordinal)).ShouldHaveSingleItem();
        cause.ShouldContain("401 to read the addon settings");
        cause.ShouldContain($"{section}:UnauthorizedExitAfter");
        service.Lines.ShouldNotContain(l => l.Contains(world.Ayon.ServiceApiKey, StringComparison.Ordinal));
        service.Lines.ShouldNotContain(l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal), "no stack trace is printed");
    }
}
