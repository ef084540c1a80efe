using System.Globalization;
using AyonFtrack.Sandbox.Ayon;

namespace AyonFtrack.Sandbox;

/// <summary>The sandbox's command line: <c>emulators</c> starts the emulators and waits; no argument runs the local demo.</summary>
internal static class SandboxCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0 && args[0] is "-h" or "--help")
        {
            await Console.Out.WriteLineAsync("""
                usage: dotnet run --project src/Sandbox -- [emulators] [--ayon-port N] [--ftrack-port N]
                  emulators   start the AYON and ftrack emulators on 127.0.0.1 and wait until stopped
                """);
            return 0;
        }

        if (args.Length > 0 && args[0] == "emulators")
        {
            return await RunEmulatorsAsync(args[1..]);
        }

        await Console.Error.WriteLineAsync("sandbox: no command yet");
        return 2;
    }

    /// <summary>Runs <see cref="RunEmulatorsAsync(string[], TextWriter, TextWriter, CancellationToken)"/> until Ctrl+C or SIGTERM.</summary>
    private static async Task<int> RunEmulatorsAsync(string[] args)
    {
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });
        return await RunEmulatorsAsync(args, Console.Out, Console.Error, stop.Token);
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
}
