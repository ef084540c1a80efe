using System.Globalization;
using System.Text.Json.Nodes;
using AyonFtrack.Sandbox.Ayon;
using AyonFtrack.Sandbox.Ftrack;
using AyonFtrack.Sandbox.Ftrack.Hub;
using AyonFtrack.Server.Settings;

namespace AyonFtrack.Benchmarks.Support;

/// <summary>
/// Both emulators on loopback (AYON state in a SQLite file, as in production) with the ftrack addon settings and secrets
/// seeded as a studio would, and the variables ASH gives a service. A benchmark copy of the integration tests' world.
/// </summary>
public sealed class BenchWorld : IAsyncDisposable
{
    public const string AddonVersion = "1.6.4";
    public const string UsernameSecret = "ftrack_user_secret";
    public const string ApiKeySecret = "ftrack_key_secret";

    private BenchWorld(AyonEmulator ayon, FtrackEmulator ftrack, string dataDirectory)
    {
        Ayon = ayon;
        Ftrack = ftrack;
        DataDirectory = dataDirectory;
    }

    /// <summary>
    /// <c>BENCH_AYON_SYNCHRONOUS</c> (OFF, NORMAL or FULL): a profiling knob that sets the AYON emulator's SQLite
    /// <c>synchronous</c> pragma, to show how much of a figure is the emulator's fsync per commit. Null (the default)
    /// leaves the emulator as it is.
    /// </summary>
    public static string? Synchronous =>
        System.Environment.GetEnvironmentVariable("BENCH_AYON_SYNCHRONOUS")?.Trim().ToUpperInvariant() switch
        {
            null or "" => null,
            "OFF" => "OFF",
            "NORMAL" => "NORMAL",
            "FULL" => "FULL",
            var other => throw new InvalidOperationException($"BENCH_AYON_SYNCHRONOUS must be OFF, NORMAL or FULL, not '{other}'."),
        };

    /// <summary>The notes every scenario over this world adds: the SQLite mode the AYON emulator ran with.</summary>
    public static string SynchronousNote => Synchronous ?? "NORMAL (emulator default, WAL)";

    public AyonEmulator Ayon { get; }

    public FtrackEmulator Ftrack { get; }

    public FtrackHubServer Hub => Ftrack.RequiredHub;

    /// <summary>A fresh folder for the SQLite file and the services' local state; deleted on dispose.</summary>
    public string DataDirectory { get; }

    /// <summary>Starts both emulators and seeds the addon settings and secrets.</summary>
    public static async Task<BenchWorld> StartAsync(CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("ayon-ftrack-bench-").FullName;
        var ayon = await AyonEmulator.StartAsync(new AyonEmulatorOptions { DatabasePath = Path.Combine(data, "ayon.db") }, cancellationToken);
        FtrackEmulator ftrack;
        try
        {
            ftrack = await FtrackEmulator.StartWithHubAsync(new FtrackEmulatorOptions(), new FtrackHubServerOptions(), cancellationToken);
        }
        catch
        {
            await ayon.DisposeAsync();
            throw;
        }

        var world = new BenchWorld(ayon, ftrack, data);
        await ayon.SetAddonDefaultsAsync("ftrack", AddonVersion, FtrackSettings.Defaults.ToJsonObject(), cancellationToken);
        await ayon.SetAddonSettingsAsync("ftrack", AddonVersion, "production", new JsonObject
        {
            ["ftrack_server"] = ftrack.BaseUrl.GetLeftPart(UriPartial.Authority),
            ["service_settings"] = new JsonObject { ["username"] = UsernameSecret, ["api_key"] = ApiKeySecret },
        }, cancellationToken);
        await ayon.SetSecretAsync(UsernameSecret, ftrack.ApiUser, cancellationToken);
        await ayon.SetSecretAsync(ApiKeySecret, ftrack.ApiKey, cancellationToken);
        if (Synchronous is { } mode)
        {
            // Profiling knob only: the emulator runs SQLite's default (FULL, an fsync per committed request) otherwise.
            await ayon.Store.ReadAsync(db => db.Execute($"PRAGMA synchronous = {mode}"), cancellationToken);
            Progress.Say($"AYON emulator SQLite synchronous = {mode} (BENCH_AYON_SYNCHRONOUS)");
        }

        return world;
    }

    /// <summary>The variables ASH sets for a service named <paramref name="serviceName"/>, plus the data folder.</summary>
    public Dictionary<string, string?> Environment(string serviceName) => new()
    {
        ["AYON_SERVER_URL"] = Ayon.BaseUrl.GetLeftPart(UriPartial.Authority),
        ["AYON_API_KEY"] = Ayon.ServiceApiKey,
        ["AYON_ADDON_NAME"] = "ftrack",
        ["AYON_ADDON_VERSION"] = AddonVersion,
        ["AYON_SERVICE_NAME"] = serviceName,
        ["AYON_FTRACK_DATA_DIR"] = Path.Combine(DataDirectory, serviceName),
    };

    /// <summary>How many events of <paramref name="topic"/> (and <paramref name="status"/> when given) AYON holds, read straight from its SQLite.</summary>
    public Task<long> CountEventsAsync(string topic, string? status, CancellationToken cancellationToken) =>
        Ayon.Store.ReadAsync(
            db => Convert.ToInt64(db.Scalar("SELECT COUNT(*) FROM events WHERE topic = @t AND (@s IS NULL OR status = @s)", ("@t", topic), ("@s", status)), CultureInfo.InvariantCulture),
            cancellationToken);

    /// <summary>Waits until <paramref name="condition"/> holds, polling every <paramref name="every"/>; reports progress; throws naming <paramref name="what"/> after <paramref name="deadline"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<(bool Done, string Progress)>> condition, TimeSpan every, TimeSpan deadline, string what, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        while (true)
        {
            var (done, progress) = await condition();
            if (done)
            {
                return;
            }

            if (started.Elapsed - lastReport >= TimeSpan.FromSeconds(2))
            {
                lastReport = started.Elapsed;
                Progress.Say($"waiting for {what}: {progress}");
            }

            if (started.Elapsed > deadline)
            {
                throw new TimeoutException($"Waited {deadline.TotalSeconds} s for {what}; {progress}.");
            }

            await Task.Delay(every, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Ftrack.DisposeAsync();
        await Ayon.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold a file for a moment; the OS cleans the temp folder later.
        }
    }
}
