using AyonFtrack.Features.Pipeline;

namespace AyonFtrack.Host;

/// <summary>
/// The composition root: the only place that knows every area. A mode registers its routes, only their handlers,
/// both wire clients (so DI is complete in every mode) and its one worker.
/// </summary>
public static class Composition
{
    /// <summary>How long a stopping service waits for the event in hand before it gives up on it.</summary>
    public static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(30);

    /// <summary>The built-in slice modules, one per area. Each keeps only its routes of the running mode.</summary>
    public static IReadOnlyList<ISliceModule> BuiltInModules() =>
    [
    ];

    /// <summary>A builder with the product's configuration sources: appsettings.json, environment (with ASH's variables), command line.</summary>
    public static HostApplicationBuilder CreateBuilder(string[] args, IReadOnlyDictionary<string, string?> environment)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false)
            .AddServiceEnvironment(environment)
            .AddCommandLine(args);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            options.UseUtcTimestamp = true;
            options.IncludeScopes = true;
        });
        return builder;
    }

    /// <summary>Registers everything <paramref name="mode"/> runs. <paramref name="extraModules"/> are integrators' modules.</summary>
    public static HostApplicationBuilder AddAyonFtrack(this HostApplicationBuilder builder, HostMode mode, IEnumerable<ISliceModule>? extraModules = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownGrace + TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSlicePipeline(mode, [.. BuiltInModules(), .. extraModules ?? []]);
        return builder;
    }
}
