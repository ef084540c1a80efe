using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using AyonFtrack.Server.Settings;

namespace AyonFtrack.Features.Publish;

/// <summary>
/// What a pyblish plugin hands to one <c>ayon-ftrack-desktop publish &lt;step&gt;</c> run (behaviour reference §4.6,
/// ayon-addon-packaging.md §4 "Publishing"): plain data only, the pyblish context's keys and the instances' keys under
/// the names ayon-core gives them (<c>folderPath</c>, <c>productName</c>, ...), the project's ftrack settings
/// (<c>project_settings["ftrack"]</c>), and the ids earlier steps returned. Live ftrack objects never travel.
/// </summary>
public sealed record PublishInput
{
    [JsonPropertyName("context")]
    public PublishContext Context { get; init; } = new();

    [JsonPropertyName("instances")]
    public IReadOnlyList<PublishInstance> Instances { get; init; } = [];

    /// <summary>The project's ftrack settings as AYON returns them; absent keys keep the addon defaults.</summary>
    [JsonPropertyName("settings")]
    public JsonElement Settings { get; init; }

    /// <summary>Task id → status name (<c>ftrackStatusByTaskId</c>), for the task status step.</summary>
    [JsonPropertyName("statusByTaskId")]
    public IReadOnlyDictionary<string, string?> StatusByTaskId { get; init; } = new Dictionary<string, string?>();

    /// <summary>For the attribute validation: the checks with the values the DCC evaluated.</summary>
    [JsonPropertyName("checks")]
    public IReadOnlyList<AttributeCheck> Checks { get; init; } = [];

    /// <summary>The AYON folders' own <c>ftrackId</c> by folder path, read by the plugin (the context step).</summary>
    [JsonPropertyName("folderFtrackIds")]
    public IReadOnlyDictionary<string, string> FolderFtrackIds { get; init; } = new Dictionary<string, string>();

    /// <summary>The uploader's e-mail (the webpublisher's user step).</summary>
    [JsonPropertyName("userEmail")]
    public string? UserEmail { get; init; }

    /// <summary>The settings, parsed (a malformed value names its key).</summary>
    public FtrackSettings ReadSettings() => FtrackSettings.Parse(Settings);
}

/// <summary>The pyblish context's plain data.</summary>
public sealed record PublishContext
{
    [JsonPropertyName("projectName")]
    public string ProjectName { get; init; } = "";

    [JsonPropertyName("folderPath")]
    public string? FolderPath { get; init; }

    [JsonPropertyName("task")]
    public string? Task { get; init; }

    [JsonPropertyName("hostName")]
    public string HostName { get; init; } = "";

    [JsonPropertyName("appName")]
    public string? AppName { get; init; }

    [JsonPropertyName("appLabel")]
    public string? AppLabel { get; init; }

    [JsonPropertyName("comment")]
    public string? Comment { get; init; }

    /// <summary><c>intent</c>: a text, or <c>{value, label}</c>.</summary>
    [JsonPropertyName("intent")]
    public JsonNode? Intent { get; init; }

    [JsonPropertyName("fps")]
    public double? Fps { get; init; }

    /// <summary>The context's ftrack folder entity and task ids (from the context step).</summary>
    [JsonPropertyName("ftrackEntityId")]
    public string? FtrackEntityId { get; init; }

    [JsonPropertyName("ftrackTaskId")]
    public string? FtrackTaskId { get; init; }

    /// <summary><c>hierarchyContext</c> of editorial publishes (name → {entity_type, folder_type, attributes, tasks, children}).</summary>
    [JsonPropertyName("hierarchyContext")]
    public JsonObject? HierarchyContext { get; init; }
}

/// <summary>One pyblish instance's plain data.</summary>
public sealed record PublishInstance
{
    /// <summary>The instance's label (or name): every error names it.</summary>
    [JsonPropertyName("label")]
    public string Label { get; init; } = "";

    [JsonPropertyName("publish")]
    public bool Publish { get; init; } = true;

    [JsonPropertyName("folderPath")]
    public string? FolderPath { get; init; }

    [JsonPropertyName("task")]
    public string? Task { get; init; }

    /// <summary>The AYON task type (<c>taskEntity.taskType</c>).</summary>
    [JsonPropertyName("taskType")]
    public string? TaskType { get; init; }

    [JsonPropertyName("productName")]
    public string? ProductName { get; init; }

    [JsonPropertyName("productType")]
    public string? ProductType { get; init; }

    [JsonPropertyName("productBaseType")]
    public string? ProductBaseType { get; init; }

    [JsonPropertyName("families")]
    public IReadOnlyList<string> Families { get; init; } = [];

    [JsonPropertyName("farm")]
    public bool Farm { get; init; }

    [JsonPropertyName("version")]
    public int? Version { get; init; }

    [JsonPropertyName("comment")]
    public string? Comment { get; init; }

    [JsonPropertyName("source")]
    public string? Source { get; init; }

    [JsonPropertyName("fps")]
    public double? Fps { get; init; }

    [JsonPropertyName("frameStart")]
    public double? FrameStart { get; init; }

    [JsonPropertyName("frameEnd")]
    public double? FrameEnd { get; init; }

    /// <summary><c>ftrackFamily</c>: an explicit ftrack asset type.</summary>
    [JsonPropertyName("ftrackFamily")]
    public string? FtrackFamily { get; init; }

    /// <summary>The AYON version (<c>versionEntity</c>): its id is the idempotency key of the publish.</summary>
    [JsonPropertyName("versionEntity")]
    public AyonVersionRef? VersionEntity { get; init; }

    [JsonPropertyName("ftrackEntityId")]
    public string? FtrackEntityId { get; init; }

    [JsonPropertyName("ftrackTaskId")]
    public string? FtrackTaskId { get; init; }

    [JsonPropertyName("representations")]
    public IReadOnlyList<PublishRepresentation> Representations { get; init; } = [];

    /// <summary><c>ftrackComponentsList</c> (the components step's output; other plugins may have changed it).</summary>
    [JsonPropertyName("ftrackComponentsList")]
    public IReadOnlyList<ComponentItem> Components { get; init; } = [];

    /// <summary>AssetVersion ids integrated for this instance (the integrate step's output).</summary>
    [JsonPropertyName("ftrackAssetVersionIds")]
    public IReadOnlyList<string> AssetVersionIds { get; init; } = [];

    /// <summary>The product name without the folder path, or the label.</summary>
    public string Name => ProductName ?? Label;

    /// <summary><c>productBaseType</c>, else <c>productType</c>.</summary>
    public string? BaseType => string.IsNullOrEmpty(ProductBaseType) ? ProductType : ProductBaseType;
}

/// <summary>The AYON version the publish created.</summary>
public sealed record AyonVersionRef
{
    [JsonPropertyName("id")]
    public string Id { get; init; } = "";

    [JsonPropertyName("version")]
    public int Version { get; init; }
}

/// <summary>A representation: its files resolved by the plugin (published path, else the staging files).</summary>
public sealed record PublishRepresentation
{
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    [JsonPropertyName("ext")]
    public string Ext { get; init; } = "";

    /// <summary>The files, full paths; several are a frame sequence.</summary>
    [JsonPropertyName("paths")]
    public IReadOnlyList<string> Paths { get; init; } = [];

    [JsonPropertyName("tags")]
    public IReadOnlyList<string> Tags { get; init; } = [];

    [JsonPropertyName("thumbnail")]
    public bool Thumbnail { get; init; }

    [JsonPropertyName("outputName")]
    public string? OutputName { get; init; }

    [JsonPropertyName("fps")]
    public double? Fps { get; init; }

    [JsonPropertyName("width")]
    public int? Width { get; init; }

    [JsonPropertyName("height")]
    public int? Height { get; init; }

    [JsonPropertyName("frameStartFtrack")]
    public double? FrameStartFtrack { get; init; }

    [JsonPropertyName("frameEndFtrack")]
    public double? FrameEndFtrack { get; init; }
}

/// <summary>
/// An item of <c>ftrackComponentsList</c>, in the original's shape (so studio plugins that edit it keep working):
/// the asset type, asset, version data and one component with its location.
/// </summary>
public sealed record ComponentItem
{
    [JsonPropertyName("assettype_data")]
    public AssetTypeData AssetTypeData { get; init; } = new();

    [JsonPropertyName("asset_data")]
    public AssetData AssetData { get; init; } = new();

    [JsonPropertyName("assetversion_data")]
    public AssetVersionData AssetVersionData { get; init; } = new();

    [JsonPropertyName("component_overwrite")]
    public bool ComponentOverwrite { get; init; }

    [JsonPropertyName("thumbnail")]
    public bool Thumbnail { get; init; }

    [JsonPropertyName("component_data")]
    public ComponentData ComponentData { get; init; } = new();

    /// <summary>One file, or a sequence as <c>head%04dtail [first-last]</c>.</summary>
    [JsonPropertyName("component_path")]
    public string ComponentPath { get; init; } = "";

    [JsonPropertyName("component_location_name")]
    public string ComponentLocationName { get; init; } = "";
}

public sealed record AssetTypeData
{
    [JsonPropertyName("short")]
    public string ShortName { get; init; } = "";
}

public sealed record AssetData
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }
}

public sealed record AssetVersionData
{
    [JsonPropertyName("version")]
    public int Version { get; init; }

    [JsonPropertyName("comment")]
    public string Comment { get; init; } = "";

    [JsonPropertyName("status_name")]
    public string? StatusName { get; init; }

    [JsonPropertyName("custom_attributes")]
    public IReadOnlyDictionary<string, string> CustomAttributes { get; init; } = new Dictionary<string, string>();
}

public sealed record ComponentData
{
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    /// <summary>Component metadata (<c>ftr_meta</c> is a JSON text).</summary>
    [JsonPropertyName("metadata")]
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}

/// <summary>One attribute check of <c>ValidateFtrackAttributes</c>, with the value the DCC's expression produced.</summary>
public sealed record AttributeCheck
{
    [JsonPropertyName("attribute")]
    public string Attribute { get; init; } = "";

    [JsonPropertyName("operator")]
    public string Operator { get; init; } = "";

    [JsonPropertyName("value")]
    public JsonNode? Value { get; init; }
}

/// <summary>A publish step cannot go on: the message names the instance (or the context) and what to fix.</summary>
public sealed class PublishStepException(string message) : Exception(message);

/// <summary>The JSON options of the step files.</summary>
public static class PublishJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = false,
    };

    /// <summary>Reads a step's input file.</summary>
    public static PublishInput Read(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<PublishInput>(json, Options) ?? throw new PublishStepException("the step input is empty (null); the plugin must write a JSON object");
        }
        catch (JsonException ex)
        {
            throw new PublishStepException($"the step input is not the expected JSON ({ex.Path}: {ex.Message})");
        }
    }
}
