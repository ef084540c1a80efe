using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using AyonFtrack.Testing;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Sync;
using AyonFtrack.Sandbox.Ayon;
using AyonFtrack.Sandbox.Demo;
using AyonFtrack.Sandbox.Ftrack;
using AyonFtrack.Server.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AyonFtrack.Chaos.Tests;

/// <summary>
/// The kill half of the chaos suite's world: both emulators in this process on loopback, the real leecher, processor and
/// transmitter as child processes (<c>AyonFtrack.Host.dll</c>, as ASH runs them), a coordinator committing in ftrack and
/// an artist writing in AYON through the product's own clients. Processes can be killed (SIGKILL) and started again
/// under the same service name; every process is stopped on dispose.
/// </summary>
internal sealed class KillChaosWorld : IAsyncDisposable
{
    public const string ProjectName = "chaos_show";
    public const string AddonVersion = DemoWorld.AddonVersion;

    /// <summary>The services' enroll retries (the default): a job failed more often than this stays failed.</summary>
    public const int MaxRetries = 3;

    public static readonly AttributesMappingSettings Mapping = new()
    {
        Enabled = true,
        Mapping =
        [
            new AttributeMappingItem { Name = "fps", AttrType = "hierarchical", Hierarchical = "fps" },
            new AttributeMappingItem { Name = "frameStart", AttrType = "hierarchical", Hierarchical = "frameStart" },
        ],
    };

    private static readonly string[] FastArgs =
    [
        "--Service:MaxRetryDelay", "00:00:01",
        "--Service:SettingsRetryDelay", "00:00:00.500",
        "--Failures:TransientBaseDelay", "00:00:00.100",
        "--Logging:LogLevel:Default", "Warning",
    ];

    private readonly ServiceProvider _clients;
    private readonly string _data;
    private readonly List<KillChaosProcess> _all = [];

    private KillChaosWorld(AyonEmulator ayon, FtrackEmulator ftrack, ServiceProvider clients, string data)
    {
        Ayon = ayon;
        Ftrack = ftrack;
        _clients = clients;
        _data = data;
    }

    public AyonEmulator Ayon { get; }

    public FtrackEmulator Ftrack { get; }

    public KillChaosProcess? Leecher { get; private set; }

    public KillChaosProcess? Processor { get; private set; }

    public KillChaosProcess? Transmitter { get; private set; }

    public string ProjectId { get; private set; } = "";

    public string FrameStartConfigurationId { get; private set; } = "";

    /// <summary>The project's <c>auto_sync_enabled</c>: turning it on in ftrack makes the processor run the full sync.</summary>
    public string AutoSyncConfigurationId { get; private set; } = "";

    /// <summary>The highest VmHWM (peak resident set) seen per service, in MiB, over every process it ran as.</summary>
    public ConcurrentDictionary<string, double> PeakRssMib { get; } = new(StringComparer.Ordinal);

    /// <summary>The AYON client of an artist's tool (no sender type: the transmitter pushes its writes).</summary>
    public IAyonApi ArtistAyon => _clients.GetRequiredService<IAyonApi>();

    public static async Task<KillChaosWorld> StartAsync()
    {
        var data = Directory.CreateTempSubdirectory("ayon-ftrack-chaos-").FullName;
        var ayon = await AyonEmulator.StartAsync(new AyonEmulatorOptions { DatabasePath = Path.Combine(data, "ayon.db") }, CancellationToken.None);
        FtrackEmulator? ftrack = null;
        try
        {
            ftrack = await FtrackEmulator.StartWithHubAsync(new FtrackEmulatorOptions(), null, CancellationToken.None);
            await DemoWorld.SeedAddonAsync(ayon, ftrack, AddonVersion, null, new JsonObject
            {
                ["service_event_handlers"] = new JsonObject { ["sync_from_ftrack"] = new JsonObject { ["sync_link_type"] = "< Skip >" } },
                ["custom_attributes"] = new JsonObject
                {
                    ["attributes_mapping"] = new JsonObject
                    {
                        ["enabled"] = true,
                        ["mapping"] = new JsonArray(
                            new JsonObject { ["name"] = "fps", ["attr_type"] = "hierarchical", ["hierarchical"] = "fps", ["standard"] = new JsonArray() },
                            new JsonObject { ["name"] = "frameStart", ["attr_type"] = "hierarchical", ["hierarchical"] = "frameStart", ["standard"] = new JsonArray() }),
                    },
                },
            }, CancellationToken.None);
            var coordinator = ftrack.AddUser("coordinator@studio.test", email: "coordinator@studio.test");
            var values = new Dictionary<string, string?>
            {
                ["Ayon:ServerUrl"] = ayon.BaseUrl.ToString(),
                ["Ayon:ApiKey"] = ayon.ServiceApiKey,
                ["Ayon:AddonName"] = "ftrack",
                ["Ayon:AddonVersion"] = AddonVersion,
                ["Ayon:ServiceName"] = "artist-tool",
                ["Ayon:TimeoutSeconds"] = "60",
            };
            var services = new ServiceCollection();
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
            services.AddLogging();
            services.AddAyonClient();
            services.AddFtrackClient();
            var clients = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
            clients.GetRequiredService<FtrackConnection>().Use(new FtrackCredentials(ftrack.BaseUrl, coordinator.Username, coordinator.ApiKey));
            var world = new KillChaosWorld(ayon, ftrack, clients, data);
            world.SeedConfiguration();
            return world;
        }
        catch
        {
            if (ftrack is not null)
            {
                await ftrack.DisposeAsync();
            }

            await ayon.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the three services and waits until the leecher listens on the hub.</summary>
    public async Task StartServicesAsync()
    {
        Leecher = Start("ftrack-leecher", "leecher");
        StartProcessor();
        StartTransmitter();
        await WaitUntilAsync(
            () => Task.FromResult(Ftrack.RequiredHub.Subscriptions.Any(s => s.Subscription == "topic=*")),
            TimeSpan.FromMinutes(3),
            "the leecher's topic=* subscription");
    }

    public void StartProcessor() => Processor = Start("ftrack-processor", "processor", "--Processor:IdleDelay", "00:00:00.100");

    public void StartTransmitter() => Transmitter = Start(
        "ftrack-transmitter", "transmitter", "--Transmitter:IdleDelay", "00:00:00.100", "--CommentSync:Interval", "01:00:00");

    /// <summary>Kills a service at once (SIGKILL), recording its peak memory first.</summary>
    public async Task KillAsync(KillChaosProcess process)
    {
        ArgumentNullException.ThrowIfNull(process);
        process.SampleRss(PeakRssMib);
        await process.KillAsync();
        if (ReferenceEquals(process, Processor))
        {
            Processor = null;
        }
        else if (ReferenceEquals(process, Transmitter))
        {
            Transmitter = null;
        }
    }

    /// <summary>Records the current peak memory of every running service.</summary>
    public void SampleRss()
    {
        foreach (var process in new[] { Leecher, Processor, Transmitter })
        {
            process?.SampleRss(PeakRssMib);
        }
    }

    /// <summary>Commits ftrack changes as the coordinator (one REST batch = one <c>ftrack.update</c> on the hub).</summary>
    public async Task CommitAsync(Action<FtrackSession> change)
    {
        await using var scope = _clients.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<FtrackSession>();
        change(session);
        await session.CommitAsync(CancellationToken.None);
    }

    public async Task<IReadOnlyList<DriftItem>> DriftAsync()
    {
        await using var scope = _clients.CreateAsyncScope();
        return await DriftReport.CompareAsync(
            scope.ServiceProvider.GetRequiredService<FtrackSession>(), scope.ServiceProvider.GetRequiredService<IAyonApi>(), ProjectName, Mapping, null, CancellationToken.None);
    }

    /// <summary>
    /// True when the pipeline has nothing left: every published ftrack update leeched, every leeched event with an ended
    /// <c>ftrack.proc</c> job, every AYON change the transmitter takes with an ended <c>ftrack.sync</c> job.
    /// </summary>
    public async Task<(bool Settled, string State)> SettledAsync()
    {
        var all = await Ayon.GetEventsAsync(null, CancellationToken.None);
        var leeched = all.Where(e => e.Topic == "ftrack.leech").ToList();
        var procJobs = all.Where(e => e.Topic == "ftrack.proc" && e.DependsOn is not null).ToLookup(e => e.DependsOn!, StringComparer.Ordinal);
        var syncJobs = all.Where(e => e.Topic == "ftrack.sync" && e.DependsOn is not null).ToLookup(e => e.DependsOn!, StringComparer.Ordinal);
        var ended = (AyonEventRow j) => j.Status == "finished" || (j.Status == "failed" && j.Retries > MaxRetries);
        var unprocessed = leeched.Count(e => !procJobs[e.Id].Any(ended));
        var topics = Features.Transmit.TransmitModule.SourceTopics.ToHashSet(StringComparer.Ordinal);
        var untransmitted = all.Count(e => topics.Contains(e.Topic) && e.SenderType != "ftrack" && e.Status == "finished" && !syncJobs[e.Id].Any(ended));
        var leechedUpdates = leeched.Count(e => e.Payload["topic"]?.GetValue<string>() == "ftrack.update");
        var state = FormattableString.Invariant($"published {Ftrack.PublishedEventCount}, leeched updates {leechedUpdates}, unprocessed {unprocessed}, untransmitted {untransmitted}");
        return (leechedUpdates >= Ftrack.PublishedEventCount && unprocessed == 0 && untransmitted == 0, state);
    }

    /// <summary>The jobs (processor and transmitter) that ended failed for good.</summary>
    public async Task<List<AyonEventRow>> FailedJobsAsync() =>
        [.. (await Ayon.GetEventsAsync(null, CancellationToken.None)).Where(e => e.Topic is "ftrack.proc" or "ftrack.sync" && e.Status == "failed" && e.Retries > MaxRetries)];

    public static string Tail(KillChaosProcess? process) => process is null ? "" : string.Join('\n', process.Lines.TakeLast(30));

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan deadline, string what, Func<Task<string>>? describe = null)
    {
        var started = Stopwatch.StartNew();
        while (!await condition())
        {
            if (started.Elapsed > deadline)
            {
                throw new TimeoutException($"Waited {deadline.TotalSeconds} s for {what}. {(describe is null ? "" : await describe())}");
            }

            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _all)
        {
            await process.DisposeAsync();
        }

        await _clients.DisposeAsync();
        await Ftrack.DisposeAsync();
        await Ayon.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold a file for a moment; the temp folder is cleaned by the OS later.
        }
    }

    private Dictionary<string, string?> Environment(string serviceName) => new()
    {
        ["AYON_SERVER_URL"] = Ayon.BaseUrl.GetLeftPart(UriPartial.Authority),
        ["AYON_API_KEY"] = Ayon.ServiceApiKey,
        ["AYON_ADDON_NAME"] = "ftrack",
        ["AYON_ADDON_VERSION"] = AddonVersion,
        ["AYON_SERVICE_NAME"] = serviceName,
        ["AYON_FTRACK_DATA_DIR"] = Path.Combine(_data, serviceName),
    };

    private KillChaosProcess Start(string serviceName, string mode, params string[] extra)
    {
        var process = KillChaosProcess.Start(serviceName, Environment(serviceName), [mode, .. FastArgs, .. extra]);
        _all.Add(process);
        return process;
    }

    private void SeedConfiguration()
    {
        var ftrack = Ftrack;
        ftrack.AddCustomAttribute("ayon_id", "text", isHierarchical: true, defaultValue: "", config: "{\"markdown\": false}");
        ftrack.AddCustomAttribute("ayon_path", "text", isHierarchical: true, defaultValue: "", config: "{\"markdown\": false}");
        ftrack.AddCustomAttribute("ayon_sync_failed", "boolean", isHierarchical: true, defaultValue: false);
        var fps = ftrack.AddCustomAttribute("fps", "number", isHierarchical: true, config: "{\"isdecimal\": true}");
        FrameStartConfigurationId = ftrack.AddCustomAttribute("frameStart", "number", isHierarchical: true, config: "{\"isdecimal\": false}");
        var autoSync = ftrack.AddCustomAttribute("auto_sync_enabled", "boolean", entityType: "show", defaultValue: false);
        ProjectId = ftrack.AddProject("chaos", ProjectName);
        ftrack.SetCustomAttributeValue(fps, ProjectId, 25.0);
        AutoSyncConfigurationId = autoSync;
    }
}

/// <summary>A service child process with a bounded tail of its output and its peak resident set read from /proc.</summary>
internal sealed class KillChaosProcess : IAsyncDisposable
{
    private const int KeptLines = 400;
    private readonly ConcurrentQueue<string> _lines = new();
    private Process _process = null!;

    private KillChaosProcess(string serviceName) => ServiceName = serviceName;

    public string ServiceName { get; }

    public IReadOnlyList<string> Lines => [.. _lines];

    public bool HasExited => _process.HasExited;

    public static KillChaosProcess Start(string serviceName, IReadOnlyDictionary<string, string?> environment, string[] args)
    {
        var result = new KillChaosProcess(serviceName);
        result._process = ChildProcess.Start("AyonFtrack.Host.dll", WithImageSettings(environment), redirectInput: false, args, (line, _) => result.Add(line));
        return result;
    }

    /// <summary>The image's runtime settings (GC budget and regions) under <paramref name="environment"/>, so the peak RSS the suite reports is the image's.</summary>
    internal static Dictionary<string, string?> WithImageSettings(IReadOnlyDictionary<string, string?> environment)
    {
        var merged = ImageEnvironment.Require().ToDictionary(p => p.Key, p => (string?)p.Value);
        foreach (var (key, value) in environment)
        {
            merged[key] = value;
        }

        return merged;
    }

    /// <summary>Adds this process's VmHWM (peak resident set, MiB) to <paramref name="peaks"/> when higher.</summary>
    public void SampleRss(ConcurrentDictionary<string, double> peaks)
    {
        ArgumentNullException.ThrowIfNull(peaks);
        try
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null && double.TryParse(line["VmHWM:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var kb))
            {
                peaks.AddOrUpdate(ServiceName, kb / 1024, (_, old) => Math.Max(old, kb / 1024));
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            // The process has just exited: nothing to sample.
        }
    }

    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        while (_lines.Count > KeptLines && _lines.TryDequeue(out _))
        {
        }
    }
}
