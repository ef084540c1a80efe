using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using AyonFtrack.Client;
using AyonFtrack.Sandbox.Ayon;
using AyonFtrack.Sandbox.Demo;
using AyonFtrack.Sandbox.Ftrack;
using AyonFtrack.Sandbox.Ftrack.Hub;
using AyonFtrack.Testing;

namespace AyonFtrack.Integration.Tests.Client;

/// <summary>
/// A studio for the desktop client: both emulators, the addon package installed in AYON, an ftrack project with a
/// shot and tasks, the same project in AYON with the shot's <c>ftrackId</c>, and two artists. The ftrack web client
/// of the hub publishes as <see cref="ArtistOne"/>. The project's anatomy has one root, <c>work</c>, at <see cref="Root"/>
/// (a temp folder removed with the world) and a <c>client</c> delivery template.
/// <para>The one harness of the desktop action tests (stable names): <see cref="ServeAsync"/> starts a real
/// <c>serve</c> (<see cref="DesktopProcess"/>, the one starter of the desktop client's child processes) and returns its
/// <see cref="DesktopServe"/>, which opens menus and clicks this process's actions; <see cref="DiscoverAsync"/> and
/// <see cref="LaunchAsync"/> play the artist's ftrack web UI for any process; <see cref="GrantRole"/>, <see cref="Jobs"/>,
/// <see cref="JobsStartingWith"/> and <see cref="Query"/> set up and read ftrack.</para>
/// </summary>
internal sealed class DesktopWorld : IAsyncDisposable
{
    /// <summary>How long a test waits for a reply or a state.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>The <c>client</c> delivery template: <c>{root[work]}/{ftrack[session_name]}/{folder[name]}/{folder[name]}_{product[name]}_v001.1001.exr</c>.</summary>
    public static readonly JsonObject ClientDelivery = new()
    {
        ["name"] = "client",
        ["directory"] = "{root[work]}/{ftrack[session_name]}/{folder[name]}",
        ["file"] = "{folder[name]}_{product[name]}_{@version}<.{@frame}>.{ext}",
    };

    private readonly List<DesktopProcess> _serves = [];

    public const string Project = "show_desk";
    public const string ArtistOne = "artist.one";
    public const string ArtistTwo = "artist.two";

    private DesktopWorld(AyonEmulator ayon, FtrackEmulator ftrack) => (Ayon, Ftrack) = (ayon, ftrack);

    public AyonEmulator Ayon { get; }

    /// <summary>The project root (<c>{root[work]}</c>) on this machine: a temp folder, deleted with the world.</summary>
    public string Root { get; } = Directory.CreateTempSubdirectory("ayon-ftrack-desk-").FullName;

    /// <summary>The AYON id of folder <c>sh010</c>.</summary>
    public string ShotAyonId { get; private set; } = "";

    /// <summary>The ftrack id of sequence <c>sq010</c>.</summary>
    public string SequenceFtrackId { get; private set; } = "";

    /// <summary>The hierarchical <c>ayon_id</c> custom attribute's configuration id.</summary>
    public string AyonIdConfigurationId { get; private set; } = "";

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
        world.SequenceFtrackId = sequence;
        world.AyonIdConfigurationId = ayonIdConfiguration;
        world.ShotFtrackId = ftrack.AddShot(sequence, "sh010");
        foreach (var (task, status) in new[] { ("layout", "Not Ready"), ("fx", "On Hold"), ("comp", "Approved") })
        {
            world.TaskIds[task] = ftrack.AddTask(world.ShotFtrackId, task, statusName: status);
        }

        await ayon.SeedProjectAsync(Project, "desk", CancellationToken.None);
        await ayon.SetProjectAttribAsync(Project, new JsonObject { ["ftrackId"] = world.ProjectFtrackId }, CancellationToken.None);
        var sq = await ayon.AddFolderAsync(Project, "sq010", "Sequence", null, new JsonObject { ["ftrackId"] = sequence }, CancellationToken.None);
        var sh010 = await ayon.AddFolderAsync(Project, "sh010", "Shot", sq, new JsonObject { ["ftrackId"] = world.ShotFtrackId }, CancellationToken.None);
        world.ShotAyonId = sh010;
        await ayon.SetProjectAnatomyAsync(Project, Anatomy(world.Root, [ClientDelivery]), CancellationToken.None);
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

    /// <summary>
    /// The anatomy model of the project: root <c>work</c> at <paramref name="root"/> on every platform, ayon-backend's
    /// default work and publish templates and the given <paramref name="delivery"/> templates.
    /// </summary>
    public static JsonObject Anatomy(string root, IEnumerable<JsonObject> delivery) => new()
    {
        ["roots"] = new JsonArray(new JsonObject { ["name"] = "work", ["windows"] = root, ["linux"] = root, ["darwin"] = root }),
        ["templates"] = new JsonObject { ["delivery"] = new JsonArray([.. delivery.Select(d => (JsonNode?)d.DeepClone())]) },
    };

    /// <summary>
    /// Starts <c>serve</c> as <paramref name="artist"/> (a real child process, stopped with the world or by disposing the
    /// result) and waits until it is connected to the hub. <paramref name="ayonApiKey"/> replaces the service key
    /// (e.g. <see cref="AyonArtistKey"/>, the artist's own).
    /// </summary>
    public async Task<DesktopServe> ServeAsync(string artist = ArtistOne, Action<Dictionary<string, string?>>? environment = null, string? ayonApiKey = null)
    {
        var variables = Environment(artist);
        if (ayonApiKey is not null)
        {
            variables["AYON_API_KEY"] = ayonApiKey;
        }

        environment?.Invoke(variables);
        var process = DesktopProcess.Start(variables, "serve");
        _serves.Add(process);
        var started = await process.WaitForLineAsync(l => (string?)l["event"] == "started", "started line");
        await process.WaitForLineAsync(l => (string?)l["event"] == "status" && (string?)l["state"] == "connected", "connected status");
        return new DesktopServe(this, process, (string)started["identifier"]!);
    }

    /// <summary>A selection of (id, legacy entity type) pairs.</summary>
    public static Selected[] Selection(params (string Id, string Type)[] items) => [.. items.Select(i => new Selected(i.Id, i.Type))];

    /// <summary>
    /// The items the artist's action menu shows for <paramref name="selection"/> (every reply's items, in reply order).
    /// The hub delivers in order and <c>serve</c> handles one event at a time, so once a second discover with an empty
    /// selection (which only "Where I run" answers) is answered, every answer to the first is in.
    /// </summary>
    public async Task<IReadOnlyList<JsonObject>> DiscoverAsync(params Selected[] selection)
    {
        var hub = Ftrack.RequiredHub;
        var discover = hub.PublishAsWebClient("ftrack.action.discover", Data(selection));
        var sentinel = hub.PublishAsWebClient("ftrack.action.discover", Data([]));
        await hub.WaitForRepliesAsync(sentinel, 1, Deadline, CancellationToken.None);
        return [.. hub.RepliesTo(discover).SelectMany(r => r["data"]?["items"]?.AsArray() ?? []).OfType<JsonObject>()];
    }

    /// <summary>The identifiers (without the process id) of the actions offered in <paramref name="items"/>.</summary>
    public static IReadOnlyList<string> Offered(IReadOnlyList<JsonObject> items) =>
        [.. items.Select(i => (string)i["actionIdentifier"]!).Select(id => id.Contains('|', StringComparison.Ordinal) ? id[..id.IndexOf('|', StringComparison.Ordinal)] : id)
            .Select(id => id[..id.LastIndexOf('.')]).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// Clicks (or submits the form of, with <paramref name="values"/>) the action <paramref name="actionIdentifier"/> on
    /// <paramref name="selection"/>, and returns the first reply's <c>data</c> (<c>{success, message}</c> or a form's <c>{items}</c>).
    /// </summary>
    public async Task<JsonObject> LaunchAsync(string actionIdentifier, JsonObject? values, params Selected[] selection)
    {
        var data = Data(selection);
        data["actionIdentifier"] = actionIdentifier;
        if (values is not null)
        {
            data["values"] = values.DeepClone();
        }

        var hub = Ftrack.RequiredHub;
        var launch = hub.PublishAsWebClient("ftrack.action.launch", data);
        return (await hub.WaitForRepliesAsync(launch, 1, Deadline, CancellationToken.None))[0]["data"]!.AsObject();
    }

    /// <summary>The widgets (<c>ftrack.action.trigger-user-interface</c> data) the web client received, in order.</summary>
    public IReadOnlyList<JsonObject> Widgets() =>
        [.. Ftrack.RequiredHub.WebClientInbox.Where(e => (string?)e["topic"] == "ftrack.action.trigger-user-interface").Select(e => e["data"]!.AsObject())];

    /// <summary>Gives <paramref name="artist"/> the ftrack security role <paramref name="role"/> (created when the server lacks it) on all projects.</summary>
    public void GrantRole(string artist, string role)
    {
        var roleId = Query($"select id from SecurityRole where name is \"{role}\"").Select(r => (string)r["id"]!).FirstOrDefault()
            ?? Ftrack.Seed("SecurityRole", new JsonObject { ["name"] = role, ["type"] = "PROJECT" });
        Ftrack.Seed("UserSecurityRole", new JsonObject
        {
            ["user_id"] = Artists[artist].Id,
            ["security_role_id"] = roleId,
            ["is_all_projects"] = true,
            ["is_all_open_projects"] = true,
        });
    }

    /// <summary>The rows of an ftrack query run on the emulator's store.</summary>
    public IReadOnlyList<JsonObject> Query(string expression) => [.. Ftrack.QueryLocal(expression).OfType<JsonObject>()];

    /// <summary>Every ftrack Job whose description starts with <paramref name="description"/>: <c>(status, description)</c>, oldest first.</summary>
    public IReadOnlyList<(string Status, string Description)> JobsStartingWith(string description) =>
        [.. Query("select id, status, data, created_at from Job order by created_at")
            .Select(j => ((string)j["status"]!, (string?)JsonNode.Parse((string?)j["data"] ?? "{}")?["description"] ?? ""))
            .Where(j => j.Item2.StartsWith(description, StringComparison.Ordinal))];

    /// <summary>The ftrack Jobs of <paramref name="artist"/> as <c>(status, description)</c>, oldest first.</summary>
    public IReadOnlyList<(string Status, string Description)> Jobs(string artist = ArtistOne) =>
        [.. Query($"select id, status, data, created_at from Job where user_id is \"{Artists[artist].Id}\" order by created_at")
            .Select(j => ((string)j["status"]!, (string?)JsonNode.Parse((string?)j["data"] ?? "{}")?["description"] ?? ""))];

    /// <summary>Event data with a selection.</summary>
    public static JsonObject Data(IEnumerable<Selected> selection) => new()
    {
        ["selection"] = new JsonArray([.. selection.Select(s => (JsonNode?)new JsonObject { ["entityId"] = s.EntityId, ["entityType"] = s.EntityType })]),
    };

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
        foreach (var serve in _serves)
        {
            await serve.DisposeAsync();
        }

        await Ftrack.DisposeAsync();
        await Ayon.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }
}

/// <summary>One entity of an ftrack selection, as the web UI sends it (<c>entityType</c>: task, show, assetversion, reviewsession, ...).</summary>
internal sealed record Selected(string EntityId, string EntityType)
{
    public static Selected Task(string id) => new(id, "task");

    public static Selected Show(string id) => new(id, "show");

    public static Selected Version(string id) => new(id, "assetversion");
}

/// <summary>
/// A running <c>serve</c> of <see cref="DesktopWorld.ServeAsync"/>: its process and the id it appends to its actions'
/// identifiers, driven as ftrack's web client drives it (menus opened on a selection, clicks and form submissions on
/// this process's actions). Disposing it stops the process (the world stops any left).
/// </summary>
internal sealed class DesktopServe(DesktopWorld world, DesktopProcess process, string processId) : IAsyncDisposable
{
    public DesktopWorld World { get; } = world;

    public DesktopProcess Process { get; } = process;

    /// <summary>The id this <c>serve</c> appends to its actions' identifiers.</summary>
    public string ProcessId { get; } = processId;

    /// <summary>Every line <c>serve</c> wrote (stdout, then stderr), for failure messages and secret checks.</summary>
    public string Output => string.Join('\n', Process.Lines) + "\n" + string.Join('\n', Process.ErrorLines);

    /// <summary>The identifier this process advertises for a local action.</summary>
    public string Identifier(string actionIdentifier) => $"{actionIdentifier}.{ProcessId}";

    /// <summary>The identifiers (without the process id) offered on <paramref name="selection"/>, in order.</summary>
    public async Task<IReadOnlyList<string>> OfferedAsync(params Selected[] selection) =>
        [.. DesktopWorld.Offered(await World.DiscoverAsync(selection)).Order(StringComparer.Ordinal)];

    /// <summary>Clicks (or, with <paramref name="values"/>, submits the form of) this process's <paramref name="identifier"/>; returns the reply's data.</summary>
    public async Task<JsonObject> LaunchAsync(string identifier, Selected[] selection, JsonObject? values = null)
    {
        var before = World.Ftrack.ApiRequestCount;
        try
        {
            return await World.LaunchAsync(Identifier(identifier), values, selection);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} ftrack API requests since the launch: {World.Ftrack.ApiRequestCount - before}; serve wrote:\n{Output}", ex);
        }
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}

/// <summary>Condition waits for the desktop tests (no fixed sleeps).</summary>
internal static class Eventually
{
    public static async Task<T> WaitAsync<T>(Func<T?> read, string what) where T : class
    {
        var until = Stopwatch.StartNew();
        while (true)
        {
            if (read() is { } value)
            {
                return value;
            }

            until.Elapsed.ShouldBeLessThan(DesktopWorld.Deadline, what);
            await Task.Delay(50);
        }
    }
}

/// <summary>The real <c>ayon-ftrack-desktop</c> as a child process, as the launcher runs it: stdin for control, JSON lines out.</summary>
internal sealed class DesktopProcess : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private Process _process = null!;
    private int _disposed;

    private DesktopProcess()
    {
    }

    public IReadOnlyList<string> Lines => [.. _stdout];

    public IReadOnlyList<string> ErrorLines => [.. _stderr];

    public Process Process => _process;

    public static DesktopProcess Start(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var desktop = new DesktopProcess();
        desktop._process = ChildProcess.Start("AyonFtrack.Client.dll", environment, redirectInput: true, args, (line, error) => (error ? desktop._stderr : desktop._stdout).Enqueue(line));
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
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
