using AyonFtrack.Features.Pipeline;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Host;

/// <summary>
/// The command line of <c>ayon-ftrack</c>: <c>ayon-ftrack leecher|processor|transmitter [--Key value ...]</c>.
/// Exit codes: 0 after a clean stop, 64 for a wrong command line, 78 for missing or invalid configuration,
/// 1 when the service died of an unexpected error. Configuration errors print one line naming the setting.
/// </summary>
public static class HostCommand
{
    /// <summary>Exit code for a command line that cannot be understood (sysexits' EX_USAGE).</summary>
    public const int UsageExitCode = 64;

    /// <summary>The help text.</summary>
    public const string Usage = """
        usage: ayon-ftrack <mode> [--Key value ...]

        modes:
          leecher      store every ftrack event-hub event in AYON (topic ftrack.leech)
          processor    process stored ftrack events one at a time through the slices (ftrack.proc)
          transmitter  push AYON entity changes to ftrack (ftrack.sync)
          health       exit 0 when the service using the same data folder did its job recently
                       (--max-age seconds, default 300); for container health checks
          routes <mode>  print the mode's built-in route table (topic, priority, slice) in the order it runs

        The mode may also come from AYON_FTRACK_MODE. Connection settings come from the variables AYON's
        service host sets: AYON_SERVER_URL, AYON_API_KEY, AYON_ADDON_NAME, AYON_ADDON_VERSION,
        AYON_SERVICE_NAME (optional AYON_DEFAULT_SETTINGS_VARIANT). Any configuration key can be set on the
        command line (--Ayon:Variant staging) or in appsettings.json. Behaviour settings are read from the
        ftrack addon settings in AYON.

        operating (docs/operating.md): --Logging:Format json (one JSON object per line); --Health:Port 8079 (HTTP
        /healthz, /readyz, /metrics on 127.0.0.1); telemetry goes to OTEL_EXPORTER_OTLP_ENDPOINT when it is set,
        or to the console with --Telemetry:Console true.
        """;

    /// <summary>Runs the host until it stops; returns the process exit code.</summary>
    public static async Task<int> RunAsync(
        string[] args,
        TextWriter stdout,
        TextWriter stderr,
        IReadOnlyDictionary<string, string?>? environment = null,
        Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Any(a => a is "-h" or "--help" or "help"))
        {
            await stdout.WriteLineAsync(Usage);
            return 0;
        }

        environment ??= ServiceEnvironment.Current();
        if (args.Length > 0 && args[0] == "health")
        {
            return await HealthAsync(args[1..], stdout, environment);
        }

        if (args.Length > 0 && args[0] == "routes")
        {
            return await RoutesAsync(args[1..], stdout, stderr);
        }

        var positional = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : null;
        var rest = positional is null ? args : args[1..];
        try
        {
            var builder = Composition.CreateBuilder(rest, environment);
            var modeName = positional ?? builder.Configuration["Mode"];
            if (modeName is null)
            {
                await stderr.WriteLineAsync($"ayon-ftrack: no mode given; expected one of {HostModes.Names} (or set AYON_FTRACK_MODE). Try --help.");
                return UsageExitCode;
            }

            if (!HostModes.TryParse(modeName, out var mode))
            {
                await stderr.WriteLineAsync($"ayon-ftrack: unknown mode '{modeName}'; expected one of {HostModes.Names}.");
                return UsageExitCode;
            }

            ServiceEnvironment.Validate(builder.Configuration);
            // The processor's integrators' slices join its route table, so they are loaded before the host is built.
            var plugins = mode == HostMode.Processor ? await Processor.ProcessorPlugins.LoadAsync(builder, environment, CancellationToken.None) : null;
            builder.AddAyonFtrack(mode, plugins?.Modules);
            configureServices?.Invoke(builder.Services);
            using var host = builder.Build();
            await host.RunAsync();
            return Environment.ExitCode;
        }
        catch (ConfigurationException ex)
        {
            await stderr.WriteLineAsync($"ayon-ftrack: {ex.Message}");
            return ConfigurationException.ExitCode;
        }
        catch (OptionsValidationException ex)
        {
            await stderr.WriteLineAsync($"ayon-ftrack: invalid configuration of {ex.OptionsName}: {string.Join("; ", ex.Failures)}");
            return ConfigurationException.ExitCode;
        }
        catch (InvalidOperationException ex) when (ex.InnerException is InvalidDataException or FormatException)
        {
            await stderr.WriteLineAsync($"ayon-ftrack: unreadable configuration: {ex.InnerException.Message}");
            return ConfigurationException.ExitCode;
        }
        catch (InvalidDataException ex)
        {
            await stderr.WriteLineAsync($"ayon-ftrack: unreadable configuration: {ex.Message}");
            return ConfigurationException.ExitCode;
        }
    }

    /// <summary><c>routes &lt;mode&gt;</c>: one line per built-in route (integrators' slices are loaded from AYON at start, so they are not listed).</summary>
    private static async Task<int> RoutesAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || !HostModes.TryParse(args[0], out var mode))
        {
            await stderr.WriteLineAsync($"ayon-ftrack: routes needs a mode, one of {HostModes.Names}.");
            return UsageExitCode;
        }

        foreach (var route in new ServiceCollection().AddSlicePipeline(mode, Composition.BuiltInModules()).All)
        {
            await stdout.WriteLineAsync($"{route.Topic} {route.Priority} {route.Slice}");
        }

        return 0;
    }

    private static async Task<int> HealthAsync(string[] args, TextWriter stdout, IReadOnlyDictionary<string, string?> environment)
    {
        var builder = Composition.CreateBuilder(args, environment);
        var maxAge = int.TryParse(builder.Configuration["max-age"], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromMinutes(5);
        var (code, message) = Workers.ServiceHeartbeat.Check(Composition.DataDirectory(builder.Configuration), maxAge, TimeProvider.System.GetUtcNow());
        await stdout.WriteLineAsync(message);
        return code;
    }
}
