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

        await Console.Error.WriteLineAsync("sandbox: no command yet");
        return 2;
    }
}
