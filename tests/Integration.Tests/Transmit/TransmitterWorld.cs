using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Host;
using AyonFtrack.Integration.Tests.Support;
using AyonFtrack.Sandbox.Ayon;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AyonFtrack.Integration.Tests.Transmit;

/// <summary>
/// Both emulators with one project linked on both sides (AYON <c>demo</c> ⇄ ftrack project <c>demo</c>): a Shot
/// folder <c>sh010</c> with a Compositing task <c>comp</c>, linked by <c>ftrackId</c> and <c>ayon_id</c>; plus an
/// in-process transmitter host built by <see cref="Composition"/>, and an AYON client that writes like an artist's
/// tool (no sender type).
/// </summary>
internal sealed class TransmitterWorld : IAsyncDisposable
{
    public const string Project = "demo";
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly List<ServiceProvider> _clients = [];
    private IHost? _host;

    private TransmitterWorld(ServiceWorld world)
    {
        World = world;
        Ayon = Client(null);
    }

    public ServiceWorld World { get; }

    /// <summary>An AYON client without sender type: its writes are what the transmitter must push.</summary>
    public IAyonApi Ayon { get; }

    public AyonEmulator AyonEmulator => World.Ayon;

    public AyonFtrack.Sandbox.Ftrack.FtrackEmulator Ftrack => World.Ftrack;

    public string FtrackProjectId { get; private set; } = "";
    public string FtrackShotId { get; private set; } = "";
    public string FtrackTaskId { get; private set; } = "";
    public string AyonIdConfiguration { get; private set; } = "";
    public string FstartConfiguration { get; private set; } = "";
    public string FolderId { get; private set; } = "";
    public string TaskId { get; private set; } = "";

    public static async Task<TransmitterWorld> StartAsync()
    {
        var result = new TransmitterWorld(await ServiceWorld.StartAsync());
        await result.SeedAsync();
        return result;
    }

    /// <summary>A real AYON client of the service user writing with <paramref name="senderType"/> (null: none, like an artist's tool).</summary>
    public IAyonApi Client(string? senderType)
    {
        var values = new Dictionary<string, string?>
        {
            ["Ayon:ServerUrl"] = World.Ayon.BaseUrl.ToString(),
            ["Ayon:ApiKey"] = World.Ayon.ServiceApiKey,
            ["Ayon:AddonName"] = "ftrack",
            ["Ayon:AddonVersion"] = ServiceWorld.AddonVersion,
            ["Ayon:ServiceName"] = "artist-tool",
            ["Ayon:SenderType"] = senderType,
        };
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddLogging();
        services.AddAyonClient();
        var provider = services.BuildServiceProvider();
        _clients.Add(provider);
        return provider.GetRequiredService<IAyonApi>();
    }

    private async Task SeedAsync()
    {
        var ct = CancellationToken.None;
        AyonIdConfiguration = Ftrack.AddCustomAttribute("ayon_id", "text", isHierarchical: true);
        Ftrack.AddCustomAttribute("ayon_list_type", "enumerator", entityType: "list");
        FstartConfiguration = Ftrack.AddCustomAttribute("fstart", "number", entityType: "task", objectTypeId: Ftrack.ObjectTypeId("Shot"));
        FtrackProjectId = Ftrack.AddProject(Project);
        FtrackShotId = Ftrack.AddShot(FtrackProjectId, "sh010");
        FtrackTaskId = Ftrack.AddTask(FtrackShotId, "comp", "Compositing");
        await AyonEmulator.SeedProjectAsync(Project, "demo", ct);
        FolderId = await AyonEmulator.AddFolderAsync(Project, "sh010", "Shot", null, new JsonObject { ["ftrackId"] = FtrackShotId }, ct);
        TaskId = await AyonEmulator.AddEntityAsync(Project, "task", new JsonObject
        {
            ["name"] = "comp", ["taskType"] = "Compositing", ["folderId"] = FolderId, ["attrib"] = new JsonObject { ["ftrackId"] = FtrackTaskId },
        }, ct);
        Ftrack.SetCustomAttributeValue(AyonIdConfiguration, FtrackShotId, FolderId);
        Ftrack.SetCustomAttributeValue(AyonIdConfiguration, FtrackTaskId, TaskId);
    }

    /// <summary>
    /// An AYON product <c>renderMain</c> with version <paramref name="number"/> of the synced shot (on the synced task),
    /// linked by <c>ftrackId</c> to an ftrack Asset and AssetVersion; returns the AYON version id and the ftrack
    /// AssetVersion id.
    /// </summary>
    public async Task<(string VersionId, string FtrackVersionId)> AddLinkedVersionAsync(int number)
    {
        var ct = CancellationToken.None;
        var asset = Ftrack.AddAsset(FtrackShotId, "renderMain", "render");
        var ftVersion = Ftrack.AddAssetVersion(asset, number, FtrackTaskId);
        var product = await AyonEmulator.AddProductAsync(Project, FolderId, "renderMain", "render", ct);
        var version = await AyonEmulator.AddEntityAsync(Project, "version", new JsonObject
        {
            ["version"] = number, ["productId"] = product, ["taskId"] = TaskId, ["attrib"] = new JsonObject { ["ftrackId"] = ftVersion },
        }, ct);
        return (version, ftVersion);
    }

    /// <summary>
    /// Starts the transmitter in process (fast idle and comment timers). <paramref name="extraArgs"/> are appended to the
    /// command line (a key given again overrides the default); <paramref name="configure"/> may replace services.
    /// </summary>
    public async Task StartTransmitterAsync(string[]? extraArgs = null, Action<IServiceCollection>? configure = null)
    {
        var builder = Composition.CreateBuilder(
            ["--Transmitter:IdleDelay", "00:00:00.050", "--CommentSync:Interval", "00:00:00.200", "--Service:MaxRetryDelay", "00:00:01", "--Service:SettingsRetryDelay", "00:00:00.200", .. extraArgs ?? []],
            World.Environment("ftrack-transmitter"));
        builder.AddAyonFtrack(HostMode.Transmitter);
        configure?.Invoke(builder.Services);
        _host = builder.Build();
        await _host.StartAsync();
    }

    /// <summary>Stops the in-process transmitter (as a restart would).</summary>
    public async Task StopTransmitterAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
            _host = null;
        }
    }

    /// <summary>The <c>ftrack.sync</c> jobs that depend on <paramref name="sourceId"/>.</summary>
    public async Task<List<AyonEventRow>> JobsForAsync(string sourceId) =>
        [.. (await AyonEmulator.GetEventsAsync("ftrack.sync", CancellationToken.None)).Where(j => j.DependsOn == sourceId)];

    /// <summary>The newest stored event of <paramref name="topic"/>.</summary>
    public async Task<AyonEventRow> LastEventAsync(string topic) =>
        (await AyonEmulator.GetEventsAsync(topic, CancellationToken.None)).OrderBy(e => e.CreationOrder).Last();

    /// <summary>Waits until the job of <paramref name="sourceId"/> reached <paramref name="status"/>.</summary>
    public Task WaitForJobAsync(string sourceId, string status = "finished") => ServiceWorld.WaitUntilAsync(
        async () => (await JobsForAsync(sourceId)).Any(j => j.Status == status),
        Deadline,
        $"a {status} ftrack.sync job for event {sourceId}",
        async () => string.Join("; ", (await JobsForAsync(sourceId)).Select(j => $"{j.Status} {j.Description}")));

    public async ValueTask DisposeAsync()
    {
        await StopTransmitterAsync();
        foreach (var provider in _clients)
        {
            await provider.DisposeAsync();
        }

        await World.DisposeAsync();
    }
}
