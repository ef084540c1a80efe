using AyonFtrack.Features.Actions;
using AyonFtrack.Features.Attributes;
using AyonFtrack.Features.Automations;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Features.Ftrack.EventHub;
using AyonFtrack.Features.Leech;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Features.Processor;
using AyonFtrack.Features.Sync;
using AyonFtrack.Features.Transmit;
using AyonFtrack.Host.Spool;
using AyonFtrack.Host.Telemetry;
using AyonFtrack.Host.Workers;

namespace AyonFtrack.Host;

/// <summary>
/// The composition root: the only place that knows every area. A mode registers its routes, only their handlers,
/// both wire clients and the event hub (so DI is complete in every mode) and its one worker.
/// </summary>
public static class Composition
{
    /// <summary>How long a stopping service lets the event in hand finish before it gives up on it.</summary>
    public static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(30);

    /// <summary>Configuration defaults that ASH would otherwise provide.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Defaults = new Dictionary<string, string?>
    {
        ["Ayon:AddonName"] = "ftrack",
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft"] = "Warning",
        ["Logging:LogLevel:System.Net.Http"] = "Warning",

        // The resilience library and HttpClient log every attempt (with stack traces) around the service's own one line
        // per retry: off unless turned on (--Logging:LogLevel:Polly Warning).
        ["Logging:LogLevel:Polly"] = "None",
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "None",
        ["Logging:LogLevel:Microsoft.Extensions.Http"] = "None",
    };

    /// <summary>The built-in slice modules, one per area. Each keeps only its routes of the running mode.</summary>
    public static IReadOnlyList<ISliceModule> BuiltInModules() =>
    [
        new LeechModule(),
        new ProcessorModule(),
        new TransmitModule(),
        new SyncModule(),
        new ActionsModule(),
        new AutomationsModule(),
        new AttributesModule(),
    ];

    /// <summary>A builder with the product's configuration sources: defaults, appsettings.json, environment (with ASH's variables), command line.</summary>
    public static HostApplicationBuilder CreateBuilder(string[] args, IReadOnlyDictionary<string, string?> environment)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration
            .AddInMemoryCollection(Defaults)
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false)
            .AddInMemoryCollection(environment.Where(e => e.Key.Contains("__", StringComparison.Ordinal))
                .Select(e => KeyValuePair.Create(e.Key.Replace("__", ":", StringComparison.Ordinal), e.Value)))
            .AddInMemoryCollection(environment.Where(e => e.Key.StartsWith("OTEL_", StringComparison.Ordinal)))
            .AddServiceEnvironment(environment)
            .AddCommandLine(args);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddServiceConsole(builder.Configuration);
        return builder;
    }

    /// <summary>Registers everything <paramref name="mode"/> runs. <paramref name="extraModules"/> are integrators' modules.</summary>
    public static HostApplicationBuilder AddAyonFtrack(this HostApplicationBuilder builder, HostMode mode, IEnumerable<ISliceModule>? extraModules = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
        var services = builder.Services;
        services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownGrace + TimeSpan.FromSeconds(5));
        services.AddSingleton(TimeProvider.System);

        // Both wire clients and the hub in every mode, so every handler's dependencies resolve whatever the mode.
        services.AddAyonClient();
        services.AddFtrackClient();
        if (mode == HostMode.Leecher)
        {
            // The spool, not the hub's in-memory queue, is where the leecher keeps a backlog (configurable as FtrackHub:DispatchQueueCapacity).
            // Short, with the drainer's batch (Leecher:DrainBatchSize): events waiting in memory during a burst outlive gen0
            // and grow gen2 (build/bench.sh leecher, 2 runs each: 500/500 peak 99.8–101.0 MiB, 20/20 92.6–93.9 MiB, no slower).
            services.Configure<FtrackEventHubOptions>(options => options.DispatchQueueCapacity = 20);

            // Frames over FtrackHub:MaxFrameBytes are streamed whole into the data folder, next to the spool's dead letters.
            services.AddOptions<FtrackEventHubOptions>().PostConfigure<IConfiguration>((options, configuration) =>
                options.RejectedFrameFolder ??= Path.Combine(DataDirectory(configuration), "rejected-frames"));
        }

        services.AddFtrackEventHub();
        services.AddActionRuntime();
        if (mode is HostMode.Processor or HostMode.Transmitter)
        {
            // Every AYON write of the processor and the transmitter is marked as ftrack's, so the transmitter's enroll
            // (ignoreSenderTypes: ["ftrack"]) never hands it back as a job (the original's writes echoed, §7).
            services.PostConfigure<AyonOptions>(options => options.SenderType ??= "ftrack");
        }

        services.AddOptions<ServiceOptions>().BindConfiguration(ServiceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LocalFtrackOptions>().BindConfiguration(LocalFtrackOptions.Section);
        services.AddSingleton<ErrorReporter>();
        services.AddSingleton<AyonKeyWatch>();
        services.AddSingleton<ServiceHeartbeat>();
        services.AddSingleton<ServiceBootstrap>();
        services.AddOptions<SyncOptions>().BindConfiguration(SyncOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddIncrementalSync();
        services.AddTransmitReadCache();
        IReadOnlyList<ISliceModule> extra = [.. extraModules ?? []];
        IReadOnlyList<ISliceModule> modules = [.. BuiltInModules(), .. extra];
        var routes = services.AddSlicePipeline(mode, modules);
        if (mode == HostMode.Processor && extra.Count > 0)
        {
            // Mapster only for integrators' slices (the processor's custom handlers); the built-in slices map by hand, so
            // the leecher, the transmitter and a processor without custom handlers never load it (issue 15: compiling
            // the transmitter's five mappings cost it ~9 MB). Compiled (validated) here.
            AddMapping(services, modules);
        }

        services.AddOptions<FailureOptions>().BindConfiguration(FailureOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton(provider => KeyLimit(provider, mode));
        switch (mode)
        {
            case HostMode.Leecher:
                services.AddOptions<LeecherOptions>().BindConfiguration(LeecherOptions.Section).ValidateDataAnnotations().ValidateOnStart();
                services.AddSingleton<ILeechSpool>(provider => new SqliteLeechSpool(SpoolPath(provider)));
                services.AddSingleton<LeechDrainer>();
                services.AddSingleton<LeecherStartedMarker>();
                services.AddSingleton(provider => new RememberedFtrackConnection(
                    Path.Combine(DataDirectory(provider.GetRequiredService<IConfiguration>()), "ftrack-connection.json"),
                    provider.GetRequiredService<ILogger<RememberedFtrackConnection>>()));
                services.AddHostedService<LeecherWorker>();
                break;
            case HostMode.Processor:
                services.AddEnrollWorker(routes);
                services.AddSingleton<IEnrollStartup, ProcessorStartup>();
                services.AddHostedService<DailyListsTimer>();
                break;
            case HostMode.Transmitter:
                services.AddEnrollWorker(routes);
                services.AddCommentSync();
                services.AddHostedService<CommentSyncWorker>();
                break;
        }

        return builder.AddServiceTelemetry(mode);
    }

    /// <summary>
    /// Mapster's registration, in a method of its own that is compiled only when it runs, so that no Mapster type is
    /// resolved in a mode that does not map.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void AddMapping(IServiceCollection services, IReadOnlyList<ISliceModule> modules) =>
        services.AddSliceMapping(modules);

    /// <summary>The leecher's spool file: <c>Leecher:SpoolPath</c>, else <c>leecher-spool.db</c> in the data folder.</summary>
    public static string SpoolPath(IServiceProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var configured = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<LeecherOptions>>().Value.SpoolPath;
        return string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(DataDirectory(provider.GetRequiredService<IConfiguration>()), "leecher-spool.db")
            : configured;
    }

    /// <summary>Where the service keeps local state: <c>DataDirectory</c> (<c>AYON_FTRACK_DATA_DIR</c>), else the user's local data folder.</summary>
    public static string DataDirectory(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration["DataDirectory"];
        return string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "ayon-ftrack")
            : configured;
    }

    /// <summary>The running mode's bound on AYON's 401s (<c>UnauthorizedExitAfter</c> of its section), for the start-up reads.</summary>
    private static AyonKeyLimit KeyLimit(IServiceProvider provider, HostMode mode)
    {
        const string name = nameof(LeecherOptions.UnauthorizedExitAfter);
        if (mode == HostMode.Leecher)
        {
            return new(provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<LeecherOptions>>().Value.UnauthorizedExitAfter, $"{LeecherOptions.Section}:{name}");
        }

        var section = mode == HostMode.Processor ? JobLoopOptions.ProcessorSection : JobLoopOptions.TransmitterSection;
        return new(provider.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<JobLoopOptions>>().Get(section).UnauthorizedExitAfter, $"{section}:{name}");
    }
}
