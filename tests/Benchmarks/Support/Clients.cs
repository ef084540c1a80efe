using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.EventHub;
using AyonFtrack.Sandbox.Ayon;
using AyonFtrack.Sandbox.Ftrack;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Benchmarks.Support;

/// <summary>The product's real wire clients, registered as the host registers them, pointed at the emulators.</summary>
public static class Clients
{
    /// <summary>A container with the real <see cref="IAyonApi"/> (Refit, auth handler, resilience) for <paramref name="ayon"/>.</summary>
    public static ServiceProvider Ayon(AyonEmulator ayon, string serviceName, string? senderType = null)
    {
        ArgumentNullException.ThrowIfNull(ayon);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ayon:ServerUrl"] = ayon.BaseUrl.GetLeftPart(UriPartial.Authority),
            ["Ayon:ApiKey"] = ayon.ServiceApiKey,
            ["Ayon:AddonName"] = "ftrack",
            ["Ayon:AddonVersion"] = BenchWorld.AddonVersion,
            ["Ayon:ServiceName"] = serviceName,
            ["Ayon:SenderType"] = senderType,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddAyonClient();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>A container with the real <see cref="FtrackSession"/> (scoped) and the credentials of <paramref name="ftrack"/>.</summary>
    public static ServiceProvider Ftrack(FtrackEmulator ftrack)
    {
        ArgumentNullException.ThrowIfNull(ftrack);
        var services = new ServiceCollection().AddFtrackClient().BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        services.GetRequiredService<FtrackConnection>().Use(new FtrackCredentials(ftrack.BaseUrl, ftrack.ApiUser, ftrack.ApiKey));
        return services;
    }

    /// <summary>A real event hub client for the emulator's hub (not started).</summary>
    public static FtrackEventHub Hub(FtrackEmulator ftrack)
    {
        ArgumentNullException.ThrowIfNull(ftrack);
        var connection = new FtrackConnection();
        connection.Use(new FtrackCredentials(ftrack.BaseUrl, ftrack.ApiUser, ftrack.ApiKey));
        var options = new FtrackEventHubOptions { DispatchQueueCapacity = 100_000 };
        return new FtrackEventHub(connection, Options.Create(options), TimeProvider.System, NullLogger<FtrackEventHub>.Instance);
    }
}
