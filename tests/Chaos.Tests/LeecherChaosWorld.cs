using System.Collections.Concurrent;
using System.Diagnostics;
using AyonFtrack.Testing;
using AyonFtrack.Host.Spool;
using AyonFtrack.Sandbox.Ayon;
using AyonFtrack.Sandbox.Demo;
using AyonFtrack.Sandbox.Ftrack;
using AyonFtrack.Sandbox.Ftrack.Hub;

namespace AyonFtrack.Chaos.Tests;

/// <summary>
/// Both emulators on loopback with the addon seeded, and the real leecher as a child process that a test can kill and
/// start again on the same data folder (spool, remembered ftrack connection). Everything it starts it stops.
/// </summary>
internal sealed class LeecherChaosWorld : IAsyncDisposable
{
    public const string Marker = "ayon.ftrack.leecher.started.ynternal";
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly List<LeecherChild> _children = [];

    private LeecherChaosWorld(AyonEmulator ayon, FtrackEmulator ftrack, string data)
    {
        Ayon = ayon;
        Ftrack = ftrack;
        DataDirectory = data;
    }

    public AyonEmulator Ayon { get; }

    public FtrackEmulator Ftrack { get; }

    public FtrackHubServer Hub => Ftrack.RequiredHub;

    public string DataDirectory { get; }

    public string LeecherData => Path.Combine(DataDirectory, "ftrack-leecher");

    public static async Task<LeecherChaosWorld> StartAsync()
    {
        var data = Directory.CreateTempSubdirectory("ayon-ftrack-chaos-").FullName;
        var ayon = await AyonEmulator.StartAsync(new AyonEmulatorOptions { DatabasePath = Path.Combine(data, "ayon.db") }, CancellationToken.None);
        try
        {
            var ftrack = await FtrackEmulator.StartWithHubAsync(new FtrackEmulatorOptions(), null, CancellationToken.None);
            var world = new LeecherChaosWorld(ayon, ftrack, data);
            await DemoWorld.SeedAddonAsync(ayon, ftrack, DemoWorld.AddonVersion, null, null, CancellationToken.None);
            return world;
        }
        catch
        {
            await ayon.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a leecher on this world's data folder (ASH's variables only).</summary>
    public LeecherChild StartLeecher(params string[] extra)
    {
        var child = LeecherChild.Start(new Dictionary<string, string?>
        {
            ["AYON_SERVER_URL"] = Ayon.BaseUrl.GetLeftPart(UriPartial.Authority),
            ["AYON_API_KEY"] = Ayon.ServiceApiKey,
            ["AYON_ADDON_NAME"] = "ftrack",
            ["AYON_ADDON_VERSION"] = DemoWorld.AddonVersion,
            ["AYON_SERVICE_NAME"] = "ftrack-leecher",
            ["AYON_FTRACK_DATA_DIR"] = LeecherData,
        }, ["leecher", "--Service:MaxRetryDelay", "00:00:01", .. extra]);
        _children.Add(child);
        return child;
    }

    /// <summary>The ftrack events stored in AYON (markers left out), in creation order.</summary>
    public async Task<List<AyonEventRow>> StoredAsync() =>
        [.. (await Ayon.GetEventsAsync("ftrack.leech", CancellationToken.None)).Where(e => e.Payload["topic"]?.GetValue<string>() != Marker).OrderBy(e => e.CreationOrder)];

    /// <summary>Events waiting in the leecher's spool, read from its file (WAL: safe while it runs).</summary>
    public async Task<long> SpooledAsync()
    {
        var path = Path.Combine(LeecherData, "leecher-spool.db");
        if (!File.Exists(path))
        {
            return 0;
        }

        await using var spool = new SqliteLeechSpool(path);
        return await spool.CountAsync(CancellationToken.None);
    }

    /// <summary>The spool's dead letters.</summary>
    public async Task<IReadOnlyList<(AyonFtrack.Features.Leech.SpooledEvent Event, string Reason)>> DeadLettersAsync()
    {
        var path = Path.Combine(LeecherData, "leecher-spool.db");
        if (!File.Exists(path))
        {
            return [];
        }

        await using var spool = new SqliteLeechSpool(path);
        return await spool.ReadDeadLettersAsync(CancellationToken.None);
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, Func<Task<string>>? describe = null)
    {
        var started = Stopwatch.StartNew();
        while (!await condition())
        {
            if (started.Elapsed > Deadline)
            {
                throw new TimeoutException($"Waited {Deadline.TotalSeconds} s for {what}. {(describe is null ? "" : await describe())}");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var child in _children)
        {
            await child.DisposeAsync();
        }

        await Ftrack.DisposeAsync();
        await Ayon.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A child may hold a file for a moment; the temp folder is cleaned by the OS later.
        }
    }
}

/// <summary>One leecher process (<c>dotnet AyonFtrack.Host.dll leecher</c>) with its output lines.</summary>
internal sealed class LeecherChild : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _lines = new();
    private Process _process = null!;

    private LeecherChild()
    {
    }

    public IReadOnlyList<string> Lines => [.. _lines];

    public bool HasExited => _process.HasExited;

    public static LeecherChild Start(IReadOnlyDictionary<string, string?> environment, string[] args)
    {
        var child = new LeecherChild();
        child._process = ChildProcess.Start("AyonFtrack.Host.dll", KillChaosProcess.WithImageSettings(environment), redirectInput: false, args, (line, _) => child._lines.Enqueue(line));
        return child;
    }

    public async Task WaitForLineAsync(string fragment, string what)
    {
        var started = Stopwatch.StartNew();
        while (!Lines.Any(l => l.Contains(fragment, StringComparison.Ordinal)))
        {
            if (started.Elapsed > LeecherChaosWorld.Deadline || _process.HasExited)
            {
                throw new TimeoutException($"No '{fragment}' ({what}) within {LeecherChaosWorld.Deadline.TotalSeconds} s (exited: {_process.HasExited}). Output:\n{string.Join('\n', Lines.TakeLast(30))}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>SIGKILL, as a crash or an OOM kill would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
