using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Sandbox.Demo;

/// <summary>
/// The people of the demo, as the product's own wire clients: an AYON client that writes like an artist's tool (the
/// service key, impersonating the artist, no sender type, so the transmitter picks the changes up) and a ftrack
/// session of the supervisor (their own API key, as if they edited in ftrack's web UI).
/// </summary>
public sealed class DemoClients : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private DemoClients(ServiceProvider provider, AyonOptions options)
    {
        _provider = provider;
        AyonOptions = options;
        Ayon = provider.GetRequiredService<IAyonApi>();
    }

    /// <summary>AYON, as the artist's tool sees it.</summary>
    public IAyonApi Ayon { get; }

    /// <summary>The client's AYON options (addon name, version and variant, for settings reads).</summary>
    public AyonOptions AyonOptions { get; }

    /// <summary>Wires the clients against <paramref name="world"/>.</summary>
    public static DemoClients Create(DemoWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        var values = new Dictionary<string, string?>
        {
            ["Ayon:ServerUrl"] = world.Ayon.BaseUrl.ToString(),
            ["Ayon:ApiKey"] = world.Ayon.ServiceApiKey,
            ["Ayon:AddonName"] = "ftrack",
            ["Ayon:AddonVersion"] = DemoWorld.AddonVersion,
            ["Ayon:ServiceName"] = "demo-artist-tool",
            ["Ayon:Variant"] = DemoWorld.Variant,
        };
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddLogging();
        services.AddAyonClient();
        services.AddFtrackClient();
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var supervisor = world.Show.Supervisor;
        provider.GetRequiredService<FtrackConnection>().Use(new FtrackCredentials(world.Ftrack.BaseUrl, supervisor.Username, supervisor.ApiKey));
        return new DemoClients(provider, provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<AyonOptions>>().Value);
    }

    /// <summary>Runs <paramref name="work"/> with a fresh ftrack session of the supervisor.</summary>
    public async Task<T> WithFtrackAsync<T>(Func<FtrackSession, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var scope = _provider.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<FtrackSession>());
    }

    /// <summary>Records changes in a fresh supervisor session and commits them (one ftrack.update event).</summary>
    public Task CommitAsync(Action<FtrackSession> change, CancellationToken cancellationToken) => WithFtrackAsync(async session =>
    {
        change(session);
        await session.CommitAsync(cancellationToken);
        return true;
    });

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
