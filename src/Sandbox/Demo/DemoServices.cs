using AyonFtrack.Features.Pipeline;
using AyonFtrack.Host;

namespace AyonFtrack.Sandbox.Demo;

/// <summary>
/// The leecher, the processor and the transmitter running in this process with the production composition
/// (<see cref="Composition.CreateBuilder"/> + <see cref="Composition.AddAyonFtrack"/>), each with the environment ASH
/// would give it, its own service name and data folder, talking real HTTP and WebSocket to the emulators. Their logs
/// go to <see cref="DemoLogFile"/>, not to the console. Timers are short so the demo moves quickly.
/// </summary>
public sealed class DemoServices : IAsyncDisposable
{
    public const string LeecherName = "ftrack-leecher";
    public const string ProcessorName = "ftrack-processor";
    public const string TransmitterName = "ftrack-transmitter";

    /// <summary>The demo's short timers: quick polling when idle, quick retries, comment sync every second.</summary>
    public static readonly string[] FastTimers =
    [
        "--Processor:IdleDelay", "00:00:00.100",
        "--Transmitter:IdleDelay", "00:00:00.100",
        "--CommentSync:Interval", "00:00:01",
        "--Service:MaxRetryDelay", "00:00:02",
        "--Service:SettingsRetryDelay", "00:00:01",
    ];

    private readonly List<(string Name, IHost Host)> _hosts = [];

    private DemoServices()
    {
    }

    /// <summary>The running services' names, in start order.</summary>
    public IReadOnlyList<string> Names => [.. _hosts.Select(h => h.Name)];

    /// <summary>Builds and starts the three services against <paramref name="world"/>, except the modes in <paramref name="without"/>.</summary>
    public static async Task<DemoServices> StartAsync(DemoWorld world, DemoLogFile log, IReadOnlySet<HostMode> without, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(without);
        var services = new DemoServices();
        try
        {
            foreach (var (name, mode) in new[] { (LeecherName, HostMode.Leecher), (ProcessorName, HostMode.Processor), (TransmitterName, HostMode.Transmitter) })
            {
                if (without.Contains(mode))
                {
                    continue;
                }

                var builder = Composition.CreateBuilder(FastTimers, world.Environment(name));
                builder.Logging.ClearProviders();
                builder.Logging.AddProvider(log.Provider(name));
                builder.AddAyonFtrack(mode);
                var host = builder.Build();
                services._hosts.Add((name, host));
                await host.StartAsync(cancellationToken);
            }

            return services;
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the services in reverse order (each lets its job in hand finish).</summary>
    public async ValueTask DisposeAsync()
    {
        for (var i = _hosts.Count - 1; i >= 0; i--)
        {
            var host = _hosts[i].Host;
            try
            {
                using var timeout = new CancellationTokenSource(Composition.ShutdownGrace);
                await host.StopAsync(timeout.Token);
            }
            finally
            {
                host.Dispose();
            }
        }

        _hosts.Clear();
    }
}
