using System.Globalization;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Sandbox.Ayon;
using AyonFtrack.Sandbox.Demo;
using AyonFtrack.Sandbox.Ftrack;

namespace AyonFtrack.Sandbox;

/// <summary>The sandbox's command line: no argument (or <c>demo</c>) runs the local demo; <c>emulators</c> starts the emulators and waits.</summary>
internal static class SandboxCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0 && args[0] is "-h" or "--help")
        {
            await Console.Out.WriteLineAsync("""
                usage: dotnet run --project src/Sandbox -- [demo] [--keep] [--clean] [--without SERVICE] [--ayon-port N] [--ftrack-port N] [--step-timeout S]
                       dotnet run --project src/Sandbox -- emulators [--ayon-port N] [--ftrack-port N]
                       dotnet run --project src/Sandbox -- ftrack [--ftrack-port N]
                  demo        (the default) start both emulators, seed a demo show, run the leecher, processor and
                              transmitter in this process and play a scenario through them (auto-sync, a shot created
                              in ftrack, a status and a comment in AYON, a deletion); print both sides and the drift
                              report; exit code 0 when everything arrived, 1 naming the failed step
                    --keep    after the scenario stay up, print URLs, keys and example requests; stop with Ctrl+C
                    --clean   delete the temp folder (databases, spools, service log) at exit
                    --without SERVICE  do not start leecher, processor or transmitter (the steps that need it fail)
                    --step-timeout S   seconds each step may take (default 30)
                  emulators   start the AYON and ftrack emulators on 127.0.0.1 and wait until stopped
                  ftrack      start only the ftrack emulator (REST + event hub) and print, one per line,
                              FTRACK_SERVER=<url>, FTRACK_API_USER=<user>, FTRACK_API_KEY=<key>, then READY;
                              wait until stopped (for scripts such as tests/Contract/run.sh)
                  ports are free ones unless given
                """);
            return 0;
        }

        if (args.Length > 0 && args[0] == "emulators")
        {
            return await WithStopSignalsAsync(stop => RunEmulatorsAsync(args[1..], Console.Out, Console.Error, stop));
        }

        if (args.Length > 0 && args[0] == "ftrack")
        {
            return await WithStopSignalsAsync(stop => RunFtrackAsync(args[1..], Console.Out, Console.Error, stop));
        }

        if (args.Length == 0 || args[0] == "demo" || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            var rest = args.Length > 0 && args[0] == "demo" ? args[1..] : args;
            return await WithStopSignalsAsync(stop => RunDemoAsync(rest, Console.Out, Console.Error, stop));
        }

        await Console.Error.WriteLineAsync($"sandbox: unknown command '{args[0]}'; try --help");
        return 2;
    }

    /// <summary>
    /// The demo (see <see cref="DemoRunner"/>): options <c>--keep</c>, <c>--clean</c>, <c>--without mode</c>, <c>--ayon-port N</c>,
    /// <c>--ftrack-port N</c>, <c>--step-timeout S</c> (seconds per step, default 30). Answers 2 for bad options.
    /// </summary>
    internal static async Task<int> RunDemoAsync(string[] args, TextWriter output, TextWriter error, CancellationToken stop)
    {
        DemoOptions options;
        try
        {
            string[] valued = ["--ayon-port", "--ftrack-port", "--step-timeout", "--without"];
            for (var i = 0; i < args.Length; i++)
            {
                if (valued.Contains(args[i]))
                {
                    i++;
                }
                else if (args[i] is not ("--keep" or "--clean"))
                {
                    throw new ArgumentException($"unknown option '{args[i]}'; try --help");
                }
            }

            options = new DemoOptions
            {
                AyonPort = PortOption(args, "--ayon-port"),
                FtrackPort = PortOption(args, "--ftrack-port"),
                Keep = args.Contains("--keep"),
                DeleteFiles = args.Contains("--clean"),
                Without = WithoutOption(args),
                StepDeadline = TimeSpan.FromSeconds(NumberOption(args, "--step-timeout", 30, 1, 3600)),
            };
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync("sandbox: " + ex.Message);
            return 2;
        }

        return await DemoRunner.RunAsync(options, output, stop);
    }

    /// <summary>Runs <paramref name="run"/> with a token that fires on Ctrl+C or SIGTERM.</summary>
    private static async Task<int> WithStopSignalsAsync(Func<CancellationToken, Task<int>> run)
    {
        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
            {
                c.Cancel = true;
                stop.Cancel();
            });
            return await run(stop.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>Starts every emulator, prints how to reach it, and waits until <paramref name="stop"/> fires; then stops them in reverse order.</summary>
    internal static async Task<int> RunEmulatorsAsync(string[] args, TextWriter output, TextWriter error, CancellationToken stop)
    {
        var started = new List<IAsyncDisposable>();
        try
        {
            // AYON
            var ayon = await AyonEmulator.StartAsync(new AyonEmulatorOptions { Port = PortOption(args, "--ayon-port") }, stop);
            started.Add(ayon);
            await output.WriteLineAsync($"AYON emulator: {ayon.BaseUrl.GetLeftPart(UriPartial.Authority)}");
            await output.WriteLineAsync($"AYON service API key: {ayon.ServiceApiKey}");

            // ftrack: REST API and event hub on one port
            var ftrack = await FtrackEmulator.StartWithHubAsync(new FtrackEmulatorOptions { Port = PortOption(args, "--ftrack-port") }, null, stop);
            started.Add(ftrack);
            await output.WriteLineAsync($"ftrack emulator: {ftrack.BaseUrl.GetLeftPart(UriPartial.Authority)} (REST /api, event hub /socket.io/1/)");
            await output.WriteLineAsync($"ftrack API user: {ftrack.ApiUser}");
            await output.WriteLineAsync($"ftrack API key: {ftrack.ApiKey}");

            await output.WriteLineAsync("Press Ctrl+C to stop.");
            await Task.Delay(Timeout.Infinite, stop).ContinueWith(_ => { }, TaskScheduler.Default);
            return 0;
        }
        catch (OperationCanceledException)
        {
            return 0;
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync("sandbox: " + ex.Message);
            return 2;
        }
        finally
        {
            for (var i = started.Count - 1; i >= 0; i--)
            {
                await started[i].DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Starts the ftrack emulator alone (REST API and event hub on one port) and prints where it is and how to log in, one
    /// <c>NAME=value</c> per line and <c>READY</c> last, so a script can read them; waits until <paramref name="stop"/> fires.
    /// </summary>
    internal static async Task<int> RunFtrackAsync(string[] args, TextWriter output, TextWriter error, CancellationToken stop)
    {
        FtrackEmulator? ftrack = null;
        try
        {
            if (args.Any(a => a.StartsWith("--", StringComparison.Ordinal) && a != "--ftrack-port"))
            {
                throw new ArgumentException($"unknown option '{args.First(a => a.StartsWith("--", StringComparison.Ordinal) && a != "--ftrack-port")}'; try --help");
            }

            ftrack = await FtrackEmulator.StartWithHubAsync(
                new FtrackEmulatorOptions { Port = PortOption(args, "--ftrack-port"), MapExtraEndpoints = endpoints => MapTestHooks(endpoints, () => ftrack) },
                null,
                stop);
            await output.WriteLineAsync($"FTRACK_SERVER={ftrack.BaseUrl.GetLeftPart(UriPartial.Authority)}");
            await output.WriteLineAsync($"FTRACK_API_USER={ftrack.ApiUser}");
            await output.WriteLineAsync($"FTRACK_API_KEY={ftrack.ApiKey}");
            await output.WriteLineAsync("READY");
            await output.FlushAsync(stop);
            await Task.Delay(Timeout.Infinite, stop).ContinueWith(_ => { }, TaskScheduler.Default);
            return 0;
        }
        catch (OperationCanceledException)
        {
            return 0;
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync("sandbox: " + ex.Message);
            return 2;
        }
        finally
        {
            if (ftrack is not null)
            {
                await ftrack.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Test hooks of the sandbox (not ftrack features), authenticated like <c>/api</c> with <c>ftrack-user</c> and
    /// <c>ftrack-api-key</c>: <c>POST /_sandbox/hub/drop?how=abort|disconnect</c> ends every event hub connection
    /// (answers <c>{"dropped": n}</c>), so a client's reconnect can be tested from outside the process.
    /// </summary>
    private static void MapTestHooks(IEndpointRouteBuilder endpoints, Func<FtrackEmulator?> emulator) =>
        endpoints.MapPost("/_sandbox/hub/drop", async (HttpContext http) =>
        {
            var ftrack = emulator();
            if (ftrack is null || !ftrack.IsValidApiKey(http.Request.Headers["ftrack-user"].ToString(), http.Request.Headers["ftrack-api-key"].ToString()))
            {
                return Results.Unauthorized();
            }

            var how = http.Request.Query["how"].ToString() == "disconnect" ? Ftrack.Hub.FtrackHubDrop.DisconnectPacket : Ftrack.Hub.FtrackHubDrop.Abort;
            var dropped = await ftrack.RequiredHub.DropAllConnectionsAsync(how, http.RequestAborted);
            return Results.Text(string.Create(CultureInfo.InvariantCulture, $"{{\"dropped\":{dropped}}}"), "application/json");
        });

    /// <summary>The value of <c>--name N</c> (0 = a free port when absent).</summary>
    private static int PortOption(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        if (index < 0)
        {
            return 0;
        }

        if (index + 1 >= args.Length || !int.TryParse(args[index + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new ArgumentException($"{name} needs a port number between 0 and 65535.");
        }

        return port;
    }

    /// <summary>The modes named by <c>--without mode</c> (repeatable).</summary>
    private static HashSet<HostMode> WithoutOption(string[] args)
    {
        var modes = new HashSet<HostMode>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] != "--without")
            {
                continue;
            }

            if (i + 1 >= args.Length || !Enum.TryParse<HostMode>(args[i + 1], ignoreCase: true, out var mode) || !Enum.IsDefined(mode) || !args[i + 1].All(char.IsLetter))
            {
                throw new ArgumentException("--without needs a service: leecher, processor or transmitter.");
            }

            modes.Add(mode);
        }

        return modes;
    }

    /// <summary>The value of <c>--name N</c> between <paramref name="min"/> and <paramref name="max"/>, or <paramref name="fallback"/> when absent.</summary>
    private static int NumberOption(string[] args, string name, int fallback, int min, int max)
    {
        var index = Array.IndexOf(args, name);
        if (index < 0)
        {
            return fallback;
        }

        if (index + 1 >= args.Length || !int.TryParse(args[index + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new ArgumentException($"{name} needs a number between {min} and {max}.");
        }

        return value;
    }
}
