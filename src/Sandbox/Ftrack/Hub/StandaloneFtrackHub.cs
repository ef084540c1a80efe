using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace AyonFtrack.Sandbox.Ftrack.Hub;

/// <summary>
/// The hub emulator alone on a minimal web app bound to 127.0.0.1 on a free port, for tests. Dispose it to
/// close every socket and stop the server.
/// </summary>
public sealed class StandaloneFtrackHub : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StandaloneFtrackHub(WebApplication app, FtrackHubServer server, Uri baseUri)
    {
        _app = app;
        Server = server;
        BaseUri = baseUri;
    }

    /// <summary>The emulator, with its test hooks.</summary>
    public FtrackHubServer Server { get; }

    /// <summary>The server URL clients use, e.g. <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>Starts the emulator on a free loopback port.</summary>
    /// <param name="authorize">Accepts an api user and key.</param>
    /// <param name="options">Emulator settings.</param>
    /// <param name="loggerProvider">Where the emulator logs, or null for nowhere.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<StandaloneFtrackHub> StartAsync(Func<string, string, bool> authorize, FtrackHubServerOptions? options, ILoggerProvider? loggerProvider, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (loggerProvider is not null)
        {
            builder.Logging.AddProvider(loggerProvider);
        }

        var app = builder.Build();
        var server = new FtrackHubServer(authorize, options, TimeProvider.System, app.Services.GetRequiredService<ILogger<FtrackHubServer>>());
        server.MapEndpoints(app);
        try
        {
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("The ftrack hub emulator did not report its address.");
            return new StandaloneFtrackHub(app, server, new Uri(address.TrimEnd('/') + "/"));
        }
        catch
        {
            await server.DisposeAsync();
            await app.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
