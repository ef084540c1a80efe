using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Host.Workers;
using AyonFtrack.Sandbox.Ayon;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Integration.Tests.Host;

public sealed class ErrorReporterTests
{
    private static async Task<(AyonEmulator Ayon, ServiceProvider Provider, ErrorReporter Reporter)> StartAsync()
    {
        var ayon = await AyonEmulator.StartAsync(new AyonEmulatorOptions(), CancellationToken.None);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ayon:ServerUrl"] = ayon.BaseUrl.ToString(),
            ["Ayon:ApiKey"] = ayon.ServiceApiKey,
            ["Ayon:AddonName"] = "ftrack",
            ["Ayon:AddonVersion"] = "1.6.4",
            ["Ayon:ServiceName"] = "ftrack-transmitter",
        }).Build());
        services.AddAyonClient();
        var provider = services.BuildServiceProvider();
        var reporter = new ErrorReporter(
            provider.GetRequiredService<IAyonApi>(),
            provider.GetRequiredService<IOptions<AyonOptions>>(),
            new SliceRoutes(HostMode.Transmitter, []),
            NullLogger<ErrorReporter>.Instance);
        return (ayon, provider, reporter);
    }

    [Fact]
    public async Task ReportAsync_SameKindTwiceThenAnotherThenAfterRecovery_ReportsEachChangeOnce()
    {
        var (ayon, provider, reporter) = await StartAsync();
        await using var _ = ayon;
        await using var __ = provider;

        await reporter.ReportAsync("ftrack-credentials", "ftrack does not accept the credentials", CancellationToken.None);
        await reporter.ReportAsync("ftrack-credentials", "ftrack does not accept the credentials", CancellationToken.None);
        await reporter.ReportAsync("ftrack-connection", "ftrack cannot be reached", CancellationToken.None);
        await reporter.ReportAsync("ftrack-connection", "ftrack cannot be reached", CancellationToken.None);
        reporter.Recovered();
        await reporter.ReportAsync("ftrack-connection", "ftrack cannot be reached", CancellationToken.None);

        var errors = (await ayon.GetEventsAsync("log.error", CancellationToken.None)).OrderBy(e => e.CreationOrder).ToList();
        errors.Select(e => e.Payload["kind"]!.GetValue<string>()).ShouldBe(["ftrack-credentials", "ftrack-connection", "ftrack-connection"]);
        errors.ShouldAllBe(e => e.Description == "ftrack transmitter error" && e.Sender == "ftrack-transmitter" && e.Status == "finished");
    }

    [Fact]
    public async Task ReportAsync_AyonRefuses_DoesNotThrowAndReportsTheKindAgainLater()
    {
        var (ayon, provider, reporter) = await StartAsync();
        await using var _ = ayon;
        await using var __ = provider;
        var fault = ayon.InjectFault(new AyonFault { Method = "POST", PathPrefix = "/api/events", StatusCode = 503 });

        await reporter.ReportAsync("settings", "settings cannot be read", CancellationToken.None);
        ayon.RemoveFault(fault);
        await reporter.ReportAsync("settings", "settings cannot be read", CancellationToken.None);

        (await ayon.GetEventsAsync("log.error", CancellationToken.None)).ShouldHaveSingleItem().Payload["message"]!.GetValue<string>().ShouldBe("settings cannot be read");
    }
}
