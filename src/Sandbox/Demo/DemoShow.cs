using System.Text.Json.Nodes;
using AyonFtrack.Sandbox.Ayon;
using AyonFtrack.Sandbox.Ftrack;

namespace AyonFtrack.Sandbox.Demo;

/// <summary>
/// The demo show as seeded in ftrack: project <see cref="ProjectName"/> with three sequences, ten shots, an animation
/// and a compositing task per shot (with statuses, the artist assigned to some), the custom attributes the sync needs
/// (<c>ayon_id</c>, <c>ayon_path</c>, <c>ayon_sync_failed</c>, <c>auto_sync_enabled</c> off, <c>fps</c>,
/// <c>frameStart</c>), an artist and a supervisor. The artist also exists in AYON (matched by e-mail), so assignees
/// and comments map. AYON has no project yet: the full sync creates it.
/// </summary>
public sealed record DemoShow
{
    /// <summary>The ftrack project's full name, which is the AYON project name.</summary>
    public const string ProjectName = "demo_show";

    /// <summary>The ftrack project's short name (the AYON project code).</summary>
    public const string ProjectCode = "demo";

    public const string ArtistName = "jane";
    public const string ArtistEmail = "jane@studio.test";

    public required string ProjectId { get; init; }

    public required string AutoSyncConfigurationId { get; init; }

    public required string AyonIdConfigurationId { get; init; }

    /// <summary>Sequence name → ftrack id.</summary>
    public required IReadOnlyDictionary<string, string> Sequences { get; init; }

    /// <summary>Shot name → ftrack id.</summary>
    public required IReadOnlyDictionary<string, string> Shots { get; init; }

    /// <summary>"shot/task" → ftrack id.</summary>
    public required IReadOnlyDictionary<string, string> Tasks { get; init; }

    /// <summary>The artist's ftrack user.</summary>
    public required FtrackSeededUser Artist { get; init; }

    /// <summary>A supervisor with an API key of their own: the scenario's ftrack edits are theirs, as if made in ftrack's web UI.</summary>
    public required FtrackSeededUser Supervisor { get; init; }

    /// <summary>The addon settings' attribute mapping the demo uses (fps and frameStart, hierarchical).</summary>
    public static JsonObject AttributesMappingSettings() => new()
    {
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
    };

    /// <summary>Seeds the show in ftrack and the artist in AYON.</summary>
    public static async Task<DemoShow> SeedAsync(FtrackEmulator ftrack, AyonEmulator ayon, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ftrack);
        ArgumentNullException.ThrowIfNull(ayon);
        var ayonId = ftrack.AddCustomAttribute("ayon_id", "text", isHierarchical: true, defaultValue: "", config: "{\"markdown\": false}");
        ftrack.AddCustomAttribute("ayon_path", "text", isHierarchical: true, defaultValue: "", config: "{\"markdown\": false}");
        ftrack.AddCustomAttribute("ayon_sync_failed", "boolean", isHierarchical: true, defaultValue: false);
        var fps = ftrack.AddCustomAttribute("fps", "number", isHierarchical: true, config: "{\"isdecimal\": true}");
        var frameStart = ftrack.AddCustomAttribute("frameStart", "number", isHierarchical: true, config: "{\"isdecimal\": false}");
        var autoSync = ftrack.AddCustomAttribute("auto_sync_enabled", "boolean", entityType: "show", defaultValue: false);

        var artist = ftrack.AddUser(ArtistEmail, firstName: "Jane", lastName: "Doe", email: ArtistEmail);
        var supervisor = ftrack.AddUser("sam@studio.test", firstName: "Sam", lastName: "Supervisor", email: "sam@studio.test");
        var project = ftrack.AddProject(ProjectCode, ProjectName);
        ftrack.SetCustomAttributeValue(fps, project, 24.0);
        ftrack.SetCustomAttributeValue(frameStart, project, 1001);

        var sequences = new Dictionary<string, string>(StringComparer.Ordinal);
        var shots = new Dictionary<string, string>(StringComparer.Ordinal);
        var tasks = new Dictionary<string, string>(StringComparer.Ordinal);
        (string Sequence, int Shots)[] layout = [("sq010", 4), ("sq020", 3), ("sq030", 3)];
        string[] statuses = ["Not started", "In progress", "Pending Review", "Approved", "On Hold"];
        var number = 0;
        foreach (var (sequenceName, count) in layout)
        {
            var sequence = ftrack.AddSequence(project, sequenceName);
            sequences[sequenceName] = sequence;
            for (var i = 0; i < count; i++)
            {
                number++;
                var shotName = $"sh{number * 10:000}";
                var shot = ftrack.AddShot(sequence, shotName, statusName: statuses[number % 2 == 0 ? 1 : 0]);
                shots[shotName] = shot;
                var animation = ftrack.AddTask(shot, "animation", "Animation", statuses[number % statuses.Length]);
                var compositing = ftrack.AddTask(shot, "compositing", "Compositing", statuses[(number + 1) % statuses.Length]);
                tasks[$"{shotName}/animation"] = animation;
                tasks[$"{shotName}/compositing"] = compositing;
                if (number % 3 != 0)
                {
                    ftrack.Seed("Appointment", new JsonObject { ["type"] = "assignment", ["resource_id"] = artist.Id, ["context_id"] = compositing });
                }
            }
        }

        await ayon.AddUserAsync(ArtistName, null, new JsonObject(), new JsonObject { ["email"] = ArtistEmail, ["fullName"] = "Jane Doe" }, cancellationToken);
        return new DemoShow
        {
            ProjectId = project,
            AutoSyncConfigurationId = autoSync,
            AyonIdConfigurationId = ayonId,
            Sequences = sequences,
            Shots = shots,
            Tasks = tasks,
            Artist = artist,
            Supervisor = supervisor,
        };
    }
}
