using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ftrack.EventHub;
using AyonFtrack.Features.Pipeline;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Host.Workers;

/// <summary>
/// A step the enroll worker runs once AYON is reached and before ftrack is (the processor's: its custom handlers' load
/// report and the AYON attributes it writes). A failure stops the worker like a failed connection does.
/// </summary>
public interface IEnrollStartup
{
    /// <summary>Runs the step.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The one job worker of the processor and the transmitter, driven by the mode's <see cref="EnrollPlan"/> (declared by
/// its module beside its routes: <c>ProcessorModule</c>, <c>TransmitModule</c>): connects to AYON, runs the mode's start-up
/// steps, connects to ftrack, starts the ftrack event hub when the mode's slices publish on it, then runs
/// <see cref="EnrollLoop"/> with the limits of the mode's section (<c>Processor</c>, <c>Transmitter</c>).
/// The job in hand gets the host's shutdown grace after a stop request before it is cancelled; a stop ends the run
/// quietly (the event in hand may still reply on the hub: it finishes first, then the hub closes); a configuration error
/// is logged as critical, sets the configuration exit code and stops the host.
/// </summary>
public sealed partial class EnrollWorker(
    SliceRoutes routes,
    ServiceBootstrap bootstrap,
    EnrollLoop loop,
    IEnumerable<IEnrollStartup> startups,
    IOptions<AyonOptions> ayonOptions,
    IOptionsMonitor<JobLoopOptions> loopOptions,
    IHostApplicationLifetime lifetime,
    IFtrackEventHub hub,
    ILogger<EnrollWorker> logger) : BackgroundService
{
    private readonly EnrollPlan _plan = routes.Enroll
        ?? throw new InvalidOperationException($"The {routes.Mode.ToName()} mode declares no enroll plan; it has no enroll worker.");

    /// <summary>The configuration section of <paramref name="mode"/>'s job loop (its name: <c>Processor</c>, <c>Transmitter</c>).</summary>
    public static string Section(HostMode mode) => mode.ToString();

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var jobs = new CancellationTokenSource();
        using var grace = stoppingToken.Register(() => jobs.CancelAfter(Composition.ShutdownGrace));
        try
        {
            await RunAsync(stoppingToken, jobs.Token);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (ConfigurationException ex)
        {
            Log.BadConfiguration(logger, ex.Message);
            Environment.ExitCode = ConfigurationException.ExitCode;
            lifetime.StopApplication();
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken, CancellationToken jobToken)
    {
        await bootstrap.ConnectAyonAsync(stoppingToken);
        foreach (var startup in startups)
        {
            await startup.RunAsync(stoppingToken);
        }

        await bootstrap.ConnectFtrackAsync(stoppingToken);
        if (_plan.UsesEventHub)
        {
            await hub.StartAsync(stoppingToken);
        }

        await loop.RunAsync(_plan, ayonOptions.Value.ServiceName, loopOptions.Get(Section(routes.Mode)), stoppingToken, jobToken);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_plan.UsesEventHub)
        {
            await hub.StopAsync(cancellationToken);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 53, Level = LogLevel.Critical, Message = "Stopping: {Message}")]
        public static partial void BadConfiguration(ILogger logger, string message);
    }
}

/// <summary>Registers the enroll worker of a mode that has an enroll plan.</summary>
public static class EnrollWorkerRegistration
{
    /// <summary>
    /// Adds the job loop (its options from the mode's section, the runner, the loop) and <see cref="EnrollWorker"/>
    /// when <paramref name="routes"/> carry an enroll plan; nothing otherwise.
    /// </summary>
    public static IServiceCollection AddEnrollWorker(this IServiceCollection services, SliceRoutes routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        if (routes.Enroll is null)
        {
            return services;
        }

        var section = EnrollWorker.Section(routes.Mode);
        services.AddOptions<JobLoopOptions>(section).BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<EnrollLoop>();
        services.AddHostedService<EnrollWorker>();
        return services;
    }
}
