using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using AyonFtrack.Client;
using AyonFtrack.Sandbox.Ayon;
using AyonFtrack.Sandbox.Demo;
using AyonFtrack.Sandbox.Ftrack;
using AyonFtrack.Sandbox.Ftrack.Hub;

namespace AyonFtrack.Integration.Tests.Client;

/// <summary>
/// A studio for the desktop client: both emulators, the addon package installed in AYON, an ftrack project with a
/// shot and tasks, the same project in AYON with the shot's <c>ftrackId</c>, and two artists. The ftrack web client
/// of the hub publishes as <see cref="ArtistOne"/>.
/// </summary>
internal sealed class DesktopWorld : IAsyncDisposable
{
    public const string Project = "show_desk";
    public const string ArtistOne = "artist.one";
    public const string ArtistTwo = "artist.two";

    private DesktopWorld(AyonEmulator ayon, FtrackEmulator ftrack) => (Ayon, Ftrack) = (ayon, ftrack);

    public AyonEmulator Ayon { get; }

    public FtrackEmulator Ftrack { get; }

    public string ProjectFtrackId { get; private set; } = "";

    public string ShotFtrackId { get; private set; } = "";

    public Dictionary<string, string> TaskIds { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, FtrackSeededUser> Artists { get; } = new(StringComparer.Ordinal);

    /// <summary>The AYON ids of the synced ftrack tasks (<c>layout</c>, <c>comp</c>; <c>fx</c> has no <c>ayon_id</c>).</summary>
    public Dictionary<string, string> AyonTaskIds { get; } = new(StringComparer.Ordinal);

    /// <summary>The AYON user and key of <see cref="ArtistOne"/> (an artist, no session opened yet).</summary>
    public const string AyonArtist = "artist.one";

    public const string AyonArtistKey = "desktop-artist-ayon-key-0123456789abcdef";

    /// <summary>The applications addon version seeded in AYON's production bundle.</summary>
    public const string ApplicationsVersion = "1.2.0";

    public static async Task<DesktopWorld> StartAsync()
    {
        var ayon = await AyonEmulator.StartAsync(new AyonEmulatorOptions(), CancellationToken.None);
        var ftrack = await FtrackEmulator.StartWithHubAsync(new FtrackEmulatorOptions(), new FtrackHubServerOptions { WebClientUsername = ArtistOne }, CancellationToken.None);
        var world = new DesktopWorld(ayon, ftrack);
        await DemoWorld.SeedAddonAsync(ayon, ftrack, DemoWorld.AddonVersion, null, null, CancellationToken.None);
        foreach (var name in new[] { ArtistOne, ArtistTwo })
        {
            world.Artists[name] = ftrack.AddUser(name);
        }

        ftrack.AddStatus("Not Ready");
        var ayonIdConfiguration = ftrack.AddCustomAttribute("ayon_id", "text", isHierarchical: true, defaultValue: "", config: "{\"markdown\": false}");
        world.ProjectFtrackId = ftrack.AddProject(Project);
        var sequence = ftrack.AddSequence(world.ProjectFtrackId, "sq010");
        world.ShotFtrackId = ftrack.AddShot(sequence, "sh010");
        foreach (var (task, status) in new[] { ("layout", "Not Ready"), ("fx", "On Hold"), ("comp", "Approved") })
        {
            world.TaskIds[task] = ftrack.AddTask(world.ShotFtrackId, task, statusName: status);
        }

        await ayon.SeedProjectAsync(Project, "desk", CancellationToken.None);
        await ayon.SetProjectAttribAsync(Project, new JsonObject { ["ftrackId"] = world.ProjectFtrackId }, CancellationToken.None);
        var sq = await ayon.AddFolderAsync(Project, "sq010", "Sequence", null, new JsonObject { ["ftrackId"] = sequence }, CancellationToken.None);
        var sh010 = await ayon.AddFolderAsync(Project, "sh010", "Shot", sq, new JsonObject { ["ftrackId"] = world.ShotFtrackId }, CancellationToken.None);
        foreach (var (task, type) in new[] { ("layout", "Animation"), ("comp", "Compositing") })
        {
            world.AyonTaskIds[task] = await ayon.AddTaskAsync(Project, sh010, task, type, CancellationToken.None);
            ftrack.SetCustomAttributeValue(ayonIdConfiguration, world.TaskIds[task], world.AyonTaskIds[task]);
        }

        await ayon.AddUserAsync(AyonArtist, AyonArtistKey, new JsonObject(), new JsonObject { ["fullName"] = "Artist One" }, CancellationToken.None);
        await ayon.SeedApplicationsAsync(ApplicationsVersion,
        [
            new AyonApplication("maya/2025", "Maya", "2025", "maya.png"),
            new AyonApplication("nuke/15-0", "Nuke", "15.0", "nuke.png", ["Compositing"]),
        ], CancellationToken.None);
        await ayon.AddFolderAsync(Project, "sh020", "Shot", sq, null, CancellationToken.None);
        return world;
    }

    /// <summary>The launcher's environment for an artist (the AYON key is the service key: the emulator has no user sessions).</summary>
    public Dictionary<string, string?> Environment(string artist, string? apiKey = null) => new(StringComparer.Ordinal)
    {
        ["AYON_SERVER_URL"] = Ayon.BaseUrl.GetLeftPart(UriPartial.Authority),
        ["AYON_API_KEY"] = Ayon.ServiceApiKey,
        [DesktopEnvironment.FtrackServer] = Ftrack.BaseUrl.GetLeftPart(UriPartial.Authority),
        [DesktopEnvironment.FtrackApiUser] = artist,
        [DesktopEnvironment.FtrackApiKey] = apiKey ?? Artists[artist].ApiKey,
    };

    /// <summary>Runs one command in process; returns the exit code, stdout and stderr.</summary>
    public static async Task<(int Code, string Out, string Error)> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await ClientCommand.RunAsync(args, environment, TextReader.Null, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        await Ftrack.DisposeAsync();
        await Ayon.DisposeAsync();
    }
}

/// <summary>The real <c>ayon-ftrack-desktop</c> as a child process, as the launcher runs it: stdin for control, JSON lines out.</summary>
internal sealed class DesktopProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private DesktopProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _stdout.Enqueue(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _stderr.Enqueue(e.Data); } };
    }

    public IReadOnlyList<string> Lines => [.. _stdout];

    public IReadOnlyList<string> ErrorLines => [.. _stderr];

    public Process Process => _process;

    public static DesktopProcess Start(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AyonFtrack.Client.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Clear();
        foreach (var name in new[] { "PATH", "HOME", "DOTNET_ROOT", "TMPDIR" })
        {
            if (System.Environment.GetEnvironmentVariable(name) is { } value)
            {
                info.Environment[name] = value;
            }
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var desktop = new DesktopProcess(process);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return desktop;
    }

    /// <summary>Waits for a stdout JSON line that satisfies <paramref name="match"/> and returns it.</summary>
    public async Task<JsonObject> WaitForLineAsync(Func<JsonObject, bool> match, string what)
    {
        var until = Stopwatch.StartNew();
        while (true)
        {
            foreach (var line in Lines)
            {
                if (JsonNode.Parse(line) is JsonObject json && match(json))
                {
                    return json;
                }
            }

            if (_process.HasExited || until.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"No {what} from ayon-ftrack-desktop (exited: {_process.HasExited}). stdout:\n{string.Join('\n', Lines)}\nstderr:\n{string.Join('\n', ErrorLines)}");
            }

            await Task.Delay(50);
        }
    }

    public async Task SendAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    public void CloseInput() => _process.StandardInput.Close();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
