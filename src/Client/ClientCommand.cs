using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ftrack;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Client;

/// <summary>
/// The command line of <c>ayon-ftrack-desktop</c>. Output that callers read goes to stdout; problems are one line on
/// stderr naming what to fix. Exit codes: 0 done, 1 failed (named), 2 bad usage, 78 missing configuration.
/// </summary>
public static class ClientCommand
{
    public const string Usage = """
        usage: ayon-ftrack-desktop <command> [options]
          serve                      the artist's ftrack action server; JSON lines on stdin/stdout, stops when stdin closes
          check                      checks the ftrack login in FTRACK_SERVER / FTRACK_API_USER / FTRACK_API_KEY
          ftrack-url URL             resolves the ftrack URL from settings (adds https:// and .ftrackapp.com as needed)
          show-in-ftrack --project P [--folder-path F] [--task T]
                                     prints the ftrack URL of a project, folder or task
          launch-status --project P --folder-path F --task T
                                     sets the task's status for an application launch (post_launch_hook settings)
          publish STEP --in A.json --out B.json
                                     one step of a publish to ftrack, called by the pyblish plugins
        Environment: FTRACK_SERVER, FTRACK_API_USER, FTRACK_API_KEY (the artist's ftrack login); AYON_SERVER_URL and
        AYON_API_KEY for the commands that read AYON; AYON_USE_STAGING for the staging settings.
        """;

    /// <summary>Runs one command.</summary>
    public static async Task<int> RunAsync(string[] args, IReadOnlyDictionary<string, string?> environment, TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            await (args.Length == 0 ? stderr : stdout).WriteLineAsync(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        var desktop = new DesktopEnvironment(environment);
        try
        {
            switch (args[0])
            {
                case "serve":
                    return await new ActionServer(desktop, stdin, stdout, stderr, TimeProvider.System).RunAsync(cancellationToken);
                case "check":
                    return await CheckAsync(desktop, stdout, stderr, cancellationToken);
                case "ftrack-url" when args.Length == 2:
                    return await FtrackUrlAsync(args[1], stdout, stderr, cancellationToken);
                case "show-in-ftrack":
                {
                    var options = Options(args, "--project", "--folder-path", "--task");
                    await using var services = desktop.BuildServices(withAyon: true, stderr);
                    using var scope = services.CreateScope();
                    var url = await ShowInFtrack.UrlAsync(desktop.FtrackCredentials().ServerUrl, Required(options, "--project"), options.GetValueOrDefault("--folder-path"), options.GetValueOrDefault("--task"),
                        scope.ServiceProvider.GetRequiredService<IAyonApi>(), scope.ServiceProvider.GetRequiredService<FtrackSession>(), cancellationToken);
                    await stdout.WriteLineAsync(url.AbsoluteUri);
                    return 0;
                }

                case "launch-status":
                {
                    var options = Options(args, "--project", "--folder-path", "--task");
                    var context = new LaunchStatus.Context(Required(options, "--project"), Required(options, "--folder-path"), Required(options, "--task"));
                    await using var services = desktop.BuildServices(withAyon: true, stderr);
                    using var scope = services.CreateScope();
                    await stdout.WriteLineAsync(await LaunchStatus.ApplyAsync(context, scope.ServiceProvider.GetRequiredService<IAyonApi>(),
                        scope.ServiceProvider.GetRequiredService<IOptions<AyonOptions>>(), scope.ServiceProvider.GetRequiredService<FtrackSession>(), cancellationToken));
                    return 0;
                }

                case "publish":
                    return await Publish.PublishCommand.RunAsync(args, desktop, stderr, cancellationToken);
                default:
                    await stderr.WriteLineAsync($"ayon-ftrack-desktop: unknown command or missing argument '{string.Join(' ', args)}'; try --help");
                    return 2;
            }
        }
        catch (UsageException ex)
        {
            await stderr.WriteLineAsync($"ayon-ftrack-desktop {args[0]}: {ex.Message}; try --help");
            return 2;
        }
        catch (DesktopConfigurationException ex)
        {
            await stderr.WriteLineAsync($"ayon-ftrack-desktop {args[0]}: {ex.Message}");
            return 78;
        }
        catch (OptionsValidationException ex)
        {
            await stderr.WriteLineAsync($"ayon-ftrack-desktop {args[0]}: {string.Join("; ", ex.Failures)}");
            return 78;
        }
        catch (DesktopLookupException ex)
        {
            await stderr.WriteLineAsync($"ayon-ftrack-desktop {args[0]}: {ex.Message}");
            return 1;
        }
        catch (FtrackAuthenticationException)
        {
            await stderr.WriteLineAsync($"ayon-ftrack-desktop {args[0]}: ftrack refused the login of FTRACK_API_USER (check the user name and API key, or log in again in the AYON tray)");
            return 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or FtrackServerException or AyonRequestException or Refit.ApiException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync($"ayon-ftrack-desktop {args[0]}: {ex.GetType().Name}: {ex.Message}");
            return 1;
        }
    }

    private static async Task<int> CheckAsync(DesktopEnvironment desktop, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        await using var services = desktop.BuildServices(withAyon: false, stderr);
        using var scope = services.CreateScope();
        var credentials = desktop.FtrackCredentials();
        var session = scope.ServiceProvider.GetRequiredService<FtrackSession>();
        var user = await session.QueryFirstAsync(FtrackQuery.From("User").Select("id", "username").Where(FtrackFilter.Is("username", credentials.ApiUser)), cancellationToken);
        if (user is null)
        {
            await stderr.WriteLineAsync($"ayon-ftrack-desktop check: ftrack at {credentials.ServerUrl} accepted the key but has no user '{credentials.ApiUser}'");
            return 1;
        }

        await stdout.WriteLineAsync($"ok: logged in to {credentials.ServerUrl} as {credentials.ApiUser}");
        return 0;
    }

    private static async Task<int> FtrackUrlAsync(string configured, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        var failures = new List<string>();
        var url = await FtrackUrl.ResolveAsync(http, configured, failures, cancellationToken);
        if (url is null)
        {
            await stderr.WriteLineAsync($"ayon-ftrack-desktop ftrack-url: no ftrack server answers for '{configured}' ({(failures.Count == 0 ? "the URL is empty" : string.Join("; ", failures))})");
            return 1;
        }

        await stdout.WriteLineAsync(url.AbsoluteUri.TrimEnd('/'));
        return 0;
    }

    private static Dictionary<string, string> Options(string[] args, params string[] known)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Length; i++)
        {
            if (!known.Contains(args[i]))
            {
                throw new UsageException($"unknown option '{args[i]}'");
            }

            if (i + 1 >= args.Length)
            {
                throw new UsageException($"{args[i]} needs a value");
            }

            options[args[i]] = args[++i];
        }

        return options;
    }

    private static string Required(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) && value.Trim().Length > 0 ? value : throw new UsageException($"{name} is required");

    private sealed class UsageException(string message) : Exception(message);
}
