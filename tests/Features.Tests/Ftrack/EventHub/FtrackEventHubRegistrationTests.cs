using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.EventHub;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Features.Tests.Ftrack.EventHub;

public sealed class FtrackEventHubRegistrationTests
{
    [Fact]
    public async Task AddFtrackEventHub_WithSection_BindsOptionsAndResolvesOneHub()
    {
        await using var provider = Build(new Dictionary<string, string?>
        {
            ["FtrackHub:HeartbeatTimeout"] = "00:00:15",
            ["FtrackHub:ReconnectMaxDelay"] = "00:00:20",
            ["FtrackHub:ReplyTimeout"] = "00:00:05",
        });

        var options = provider.GetRequiredService<IOptions<FtrackEventHubOptions>>().Value;
        options.ShouldSatisfyAllConditions(
            () => options.HeartbeatTimeout.ShouldBe(TimeSpan.FromSeconds(15)),
            () => options.ReconnectMinDelay.ShouldBe(TimeSpan.FromSeconds(1)),
            () => options.ReconnectMaxDelay.ShouldBe(TimeSpan.FromSeconds(20)),
            () => options.ReplyTimeout.ShouldBe(TimeSpan.FromSeconds(5)));
        provider.GetRequiredService<IFtrackEventHub>().ShouldBeSameAs(provider.GetRequiredService<FtrackEventHub>());
        provider.GetServices<IHostedService>().ShouldBeEmpty("the mode's worker starts the hub once the credentials are known");
        provider.GetRequiredService<FtrackConnection>().ShouldNotBeNull();
    }

    [Fact]
    public void AddFtrackEventHub_MinDelayAboveMax_FailsValidationNamingTheSetting()
    {
        using var provider = Build(new Dictionary<string, string?>
        {
            ["FtrackHub:ReconnectMinDelay"] = "00:00:30",
            ["FtrackHub:ReconnectMaxDelay"] = "00:00:10",
        });

        var error = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptions<FtrackEventHubOptions>>().Value);
        error.Message.ShouldContain("FtrackHub:ReconnectMinDelay");
    }

    [Fact]
    public void AddFtrackEventHub_ZeroHeartbeatTimeout_FailsValidation()
    {
        using var provider = Build(new Dictionary<string, string?> { ["FtrackHub:HeartbeatTimeout"] = "00:00:00" });

        var error = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptions<FtrackEventHubOptions>>().Value);
        error.Message.ShouldContain("HeartbeatTimeout");
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddFtrackEventHub();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
