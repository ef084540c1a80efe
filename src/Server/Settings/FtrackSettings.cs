using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using AyonFtrack.Server.Settings.Ui;

namespace AyonFtrack.Server.Settings;

/// <summary>
/// The ftrack addon settings exactly as AYON returns them (<c>GET /api/addons/ftrack/{version}/settings</c>):
/// snake_case keys of the original <c>FtrackSettings</c> model (publish plugin sections keep their class names).
/// <para>
/// Read with <see cref="Parse(string)"/> or <see cref="Parse(JsonElement)"/>: a key that is absent keeps the
/// addon's default (<see cref="Defaults"/>), list items that omit a key get the model default, unknown keys are
/// ignored, legacy key names of older addon versions are upgraded (<see cref="FtrackSettingsConversions.UpgradeLegacyKeys"/>),
/// and a value of the wrong type raises <see cref="FtrackSettingsException"/> naming the key path.
/// </para>
/// </summary>
[SettingsModel(Description = "ftrack addon settings.")]
public sealed partial record FtrackSettings
{
    /// <summary>Per-project ftrack switch: false turns the integration off for the project.</summary>
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; } = true;

    /// <summary>ftrack server URL (studio scope).</summary>
    [Setting("ftrack server url", Scope = ["studio"])]
    [JsonPropertyName("ftrack_server")]
    public string FtrackServer { get; init; } = "";

    [Setting("Service settings", Scope = ["studio"])]
    [JsonPropertyName("service_settings")]
    public ServiceSettings ServiceSettings { get; init; } = new();

    [Setting("Server Actions/Events")]
    [JsonPropertyName("service_event_handlers")]
    public ServiceEventHandlersSettings ServiceEventHandlers { get; init; } = new();

    [Setting("Status change on application launch")]
    [JsonPropertyName("post_launch_hook")]
    public PostLaunchHookSettings PostLaunchHook { get; init; } = new();

    [Setting("User Actions/Events")]
    [JsonPropertyName("user_handlers")]
    public UserHandlersSettings UserHandlers { get; init; } = new();

    [Setting("Publish plugins")]
    [JsonPropertyName("publish")]
    public PublishSettings Publish { get; init; } = new();

    [Setting("Custom Attributes", Scope = ["studio"])]
    [JsonPropertyName("custom_attributes")]
    public CustomAttributesSettings CustomAttributes { get; init; } = new();

    /// <summary>The addon's default settings (what AYON returns when nothing is overridden).</summary>
    public static FtrackSettings Defaults { get; } = FtrackSettingsDefaults.Create();

    /// <summary>Reads settings from JSON text; see the type summary for the rules.</summary>
    /// <exception cref="FtrackSettingsException">Not JSON, not an object, or a value of the wrong type.</exception>
    public static FtrackSettings Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FtrackSettingsException(
                "", $"ftrack settings are not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).", ex);
        }

        return FtrackSettingsReader.Read(node);
    }

    /// <summary>Reads settings from a parsed JSON element; see the type summary for the rules.</summary>
    /// <exception cref="FtrackSettingsException">Not an object, or a value of the wrong type.</exception>
    public static FtrackSettings Parse(JsonElement element) =>
        FtrackSettingsReader.Read(element.ValueKind == JsonValueKind.Undefined ? null : JsonSerializer.SerializeToNode(element));

    /// <summary>The settings as AYON-shaped JSON (snake_case keys, every key written).</summary>
    public string ToJson(bool indented = false) =>
        JsonSerializer.Serialize(this, indented ? FtrackSettingsReader.IndentedOptions : FtrackSettingsReader.Options);

    /// <summary>
    /// Value equality over the whole settings tree (lists included), so a service can tell whether re-read
    /// settings changed. Nested records compare their lists by reference, as records do.
    /// </summary>
    public bool Equals(FtrackSettings? other) =>
        other is not null && (ReferenceEquals(this, other) || string.Equals(ToJson(), other.ToJson(), StringComparison.Ordinal));

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToJson());

    /// <summary>The settings as an AYON-shaped JSON tree.</summary>
    public JsonObject ToJsonObject() =>
        JsonSerializer.SerializeToNode(this, FtrackSettingsReader.Options)!.AsObject();
}
