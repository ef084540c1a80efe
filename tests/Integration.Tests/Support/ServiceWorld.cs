using AyonFtrack.Sandbox.Ayon;
using AyonFtrack.Sandbox.Demo;
using AyonFtrack.Sandbox.Ftrack;
using AyonFtrack.Sandbox.Ftrack.Hub;

namespace AyonFtrack.Integration.Tests.Support;

/// <summary>
/// A studio in a box: the AYON emulator and the ftrack emulator (REST + hub) on loopback, with the ftrack addon's
/// settings and secrets seeded as a studio would set them up, and the environment ASH would give a service.
/// </summary>
public sealed class ServiceWorld : IAsyncDisposable
{
    public const string AddonVersion = DemoWorld.AddonVersion;
    public const string UsernameSecret = DemoWorld.UsernameSecret;
    public const string ApiKeySecret = DemoWorld.ApiKeySecret;

    private ServiceWorld(AyonEmulator ayon, FtrackEmulator ftrack, string dataDirectory)
    {
        Ayon = ayon;
        Ftrack = ftrack;
        DataDirectory = dataDirectory;
    }

    public AyonEmulator Ayon { get; }

    public FtrackEmulator Ftrack { get; }

    public FtrackHubServer Hub => Ftrack.RequiredHub;

    /// <summary>A fresh folder for the services' local state (the leecher spool); deleted on dispose.</summary>
    public string DataDirectory { get; }

    /// <summary>Starts both emulators and seeds the addon settings and secrets. <paramref name="ftrackKey"/> overrides the secret's value (for bad-credential tests).</summary>
    public static async Task<ServiceWorld> StartAsync(string? ftrackKey = null, FtrackHubServerOptions? hubOptions = null, IFtrackEventSink? ftrackEvents = null)
    {
        var data = Directory.CreateTempSubdirectory("ayon-ftrack-world-").FullName;
        var ayon = await AyonEmulator.StartAsync(new AyonEmulatorOptions { DatabasePath = Path.Combine(data, "ayon.db") }, CancellationToken.None);
        FtrackEmulator ftrack;
        try
        {
            ftrack = await FtrackEmulator.StartWithHubAsync(new FtrackEmulatorOptions { EventSink = ftrackEvents }, hubOptions, CancellationToken.None);
        }
        catch
        {
            await ayon.DisposeAsync();
            throw;
        }

        var world = new ServiceWorld(ayon, ftrack, data);
        await DemoWorld.SeedAddonAsync(ayon, ftrack, AddonVersion, ftrackKey, null, CancellationToken.None);
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

    /// <summary>Waits until <paramref name="condition"/> holds, polling; fails naming <paramref name="what"/> after <paramref name="deadline"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan deadline, string what, Func<Task<string>>? describe = null)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (started.Elapsed > deadline)
            {
                var detail = describe is null ? "" : " " + await describe();
                throw new TimeoutException($"Waited {deadline.TotalSeconds} s for {what}.{detail}");
            }

            await Task.Delay(100);
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
            // A child process may still hold a file for a moment; the temp folder is cleaned by the OS later.
        }
    }
}
