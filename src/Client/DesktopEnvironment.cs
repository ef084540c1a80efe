using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Desktop;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.EventHub;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Server.Package;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Client;

/// <summary>A variable the command needs is missing or malformed: one line that names it (exit 78).</summary>
public sealed class DesktopConfigurationException(string message) : Exception(message);

/// <summary>
/// What the launcher gives the desktop client in its environment (ayon-addon-packaging.md §4): the AYON server and
/// the user's key (<c>AYON_SERVER_URL</c>, <c>AYON_API_KEY</c>), the variant (<c>AYON_USE_STAGING</c>), and the
/// artist's ftrack login (<c>FTRACK_SERVER</c>, <c>FTRACK_API_USER</c>, <c>FTRACK_API_KEY</c>). The keys are only
/// ever put into request headers.
/// </summary>
public sealed class DesktopEnvironment(IReadOnlyDictionary<string, string?> variables)
{
    public const string FtrackServer = "FTRACK_SERVER";
    public const string FtrackApiUser = "FTRACK_API_USER";
    public const string FtrackApiKey = "FTRACK_API_KEY";

    /// <summary>The settings variant: <c>AYON_DEFAULT_SETTINGS_VARIANT</c>, else staging when <c>AYON_USE_STAGING</c> is set, else production.</summary>
    public string Variant =>
        Get(ServiceEnvironmentVariables.SettingsVariant) is { Length: > 0 } variant ? variant
        : Get("AYON_USE_STAGING") is "1" or "true" or "True" ? "staging"
        : "production";

    /// <summary>The artist's ftrack login from the environment.</summary>
    public FtrackCredentials FtrackCredentials()
    {
        var server = Required(FtrackServer);
        if (!Uri.TryCreate(server.Contains("://", StringComparison.Ordinal) ? server : "https://" + server, UriKind.Absolute, out var url))
        {
            throw new DesktopConfigurationException($"{FtrackServer} '{server}' is not a URL.");
        }

        return new FtrackCredentials(url, Required(FtrackApiUser), Required(FtrackApiKey));
    }

    /// <summary>The launcher's variables as given (for the few readers of other names, e.g. <c>AYON_FTRACK_DOWNLOAD_ROOT</c>).</summary>
    public IReadOnlyDictionary<string, string?> Variables => variables;

    /// <summary>True when the launcher gave an AYON server and key (<c>AYON_SERVER_URL</c>, <c>AYON_API_KEY</c>).</summary>
    public bool HasAyon => Get(ServiceEnvironmentVariables.ServerUrl) is { Length: > 0 } && Get(ServiceEnvironmentVariables.ApiKey) is { Length: > 0 };

    /// <summary>
    /// The wire clients for the artist: the ftrack REST session and hub with <see cref="FtrackCredentials()"/>, and
    /// when <paramref name="withAyon"/> the AYON client with the user's key. Logs go to <paramref name="log"/> at
    /// warning and above (stdout belongs to the command's output).
    /// </summary>
    public ServiceProvider BuildServices(bool withAyon, TextWriter log)
    {
        return Build(Register(withAyon ? AyonUse.Required : AyonUse.None, log));
    }

    /// <summary>
    /// The desktop mode of the pipeline for <c>serve</c> (validated on build): the wire clients of
    /// <see cref="BuildServices"/> (the AYON client always registered; its requests need <c>AYON_SERVER_URL</c> and
    /// <c>AYON_API_KEY</c>, which the launcher gives), the local action slices, this action server's
    /// <paramref name="identity"/> and the AYON launcher that opens the URIs AYON's actions answer. Integrators'
    /// <paramref name="handlerModules"/> add their desktop routes; when their handlers cannot be composed (a service
    /// they need is not registered here), the line naming why goes to <paramref name="log"/> and the server starts without them.
    /// </summary>
    public ServiceProvider BuildDesktopServices(ActionServerIdentity identity, TextWriter log, IAyonLauncher? launcher = null, IReadOnlyList<ISliceModule>? handlerModules = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (handlerModules is { Count: > 0 })
        {
            try
            {
                return BuildDesktop(identity, log, launcher, handlerModules);
            }
            catch (Exception ex) when (ex is InvalidOperationException or AggregateException)
            {
                var reason = ex is AggregateException all ? all.InnerExceptions[0].Message : ex.Message;
                log.WriteLine($"warning: desktop handlers: the integrators' slices cannot be composed and are left out: {reason.ReplaceLineEndings(" ")}");
            }
        }

        return BuildDesktop(identity, log, launcher, []);
    }

    private ServiceProvider BuildDesktop(ActionServerIdentity identity, TextWriter log, IAyonLauncher? launcher, IReadOnlyList<ISliceModule> handlerModules)
    {
        var services = Register(AyonUse.WhenGiven, log);
        services.AddDesktopPipeline(identity, handlerModules);
        services.AddSingleton(launcher ?? new DetachedAyonLauncher(variables, log));
        return Build(services);
    }

    private enum AyonUse
    {
        None,
        WhenGiven,
        Required,
    }

    private ServiceCollection Register(AyonUse ayon, TextWriter log)
    {
        _ = FtrackCredentials(); // a missing or malformed login is named before anything is built
        var configuration = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Ayon:AddonName"] = AddonPackage.Name,
            ["Ayon:AddonVersion"] = Get("AYON_FTRACK_ADDON_VERSION") is { Length: > 0 } version ? version : AddonPackage.Version,
            ["Ayon:Variant"] = Variant,
            ["Ayon:Sender"] = "ayon-ftrack-desktop",
            // The launcher's AYON_API_KEY is the artist's token: sent as AYON's own clients send it.
            ["Ayon:Authorization"] = nameof(AyonAuthorization.Bearer),
        };
        if (ayon == AyonUse.Required || (ayon == AyonUse.WhenGiven && HasAyon))
        {
            configuration["Ayon:ServerUrl"] = Required(ServiceEnvironmentVariables.ServerUrl);
            configuration["Ayon:ApiKey"] = Required(ServiceEnvironmentVariables.ApiKey);
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddProvider(new LineLoggerProvider(log)));
        services.AddSingleton(TimeProvider.System);
        if (ayon != AyonUse.None)
        {
            services.AddAyonClient();
        }

        services.AddFtrackClient();
        services.AddFtrackEventHub();
        return services;
    }

    private ServiceProvider Build(ServiceCollection services)
    {
        var credentials = FtrackCredentials();
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        provider.GetRequiredService<FtrackConnection>().Use(credentials);
        return provider;
    }

    private string? Get(string name) => variables.TryGetValue(name, out var value) ? value?.Trim() : null;

    private string Required(string name) =>
        Get(name) is { Length: > 0 } value ? value : throw new DesktopConfigurationException($"{name} is not set: the launcher sets it (log in to ftrack in the AYON tray).");
}

/// <summary>Writes log lines (category, level, message; no stack traces below errors) to a text writer.</summary>
internal sealed class LineLoggerProvider(TextWriter writer) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new LineLogger(writer, categoryName);

    public void Dispose()
    {
    }

    private sealed class LineLogger(TextWriter writer, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = $"{logLevel.ToString().ToLowerInvariant()}: {category.Split('.')[^1]}: {formatter(state, exception)}";
            if (exception is not null && logLevel >= LogLevel.Error)
            {
                line += Environment.NewLine + exception;
            }

            lock (writer)
            {
                writer.WriteLine(line);
            }
        }
    }
}
