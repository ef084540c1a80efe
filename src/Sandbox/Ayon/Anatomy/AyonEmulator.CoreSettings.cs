using System.Text.Json.Nodes;

namespace AyonFtrack.Sandbox.Ayon;

/// <summary>
/// The <c>core</c> addon's settings the ftrack actions read (ayon-core <c>server/settings/main.py</c> defaults):
/// <c>studio_name</c>, <c>studio_code</c> and <c>project_folder_structure</c> (a JSON text; "Create Project Structure"
/// makes folders of it). Only these keys of the core defaults are seeded.
/// </summary>
public sealed partial class AyonEmulator
{
    /// <summary>The version the core addon is registered with.</summary>
    public const string CoreAddonVersion = "1.9.7";

    /// <summary>ayon-core's default <c>project_folder_structure</c> (indented JSON text, as the settings model keeps it).</summary>
    public const string DefaultProjectFolderStructure = """
        {
            "__project_root__": {
                "prod": {},
                "resources": {
                    "footage": {
                        "plates": {},
                        "offline": {}
                    },
                    "audio": {},
                    "art_dept": {}
                },
                "editorial": {},
                "assets": {
                    "characters": {},
                    "locations": {}
                },
                "shots": {}
            }
        }
        """;

    /// <summary>Registers the core addon with its default settings (<see cref="CoreAddonVersion"/>) in the production bundle.</summary>
    public Task SeedCoreAddonAsync(CancellationToken cancellationToken) =>
        SetAddonDefaultsAsync("core", CoreAddonVersion, new JsonObject
        {
            ["studio_name"] = "",
            ["studio_code"] = "",
            ["project_folder_structure"] = DefaultProjectFolderStructure,
        }, cancellationToken);

    /// <summary>Sets a project's <c>core.project_folder_structure</c> (JSON text) as a project override.</summary>
    public Task SetProjectFolderStructureAsync(string projectName, string structureJson, CancellationToken cancellationToken) =>
        SetProjectAddonSettingsAsync("core", CoreAddonVersion, "production", projectName, new JsonObject { ["project_folder_structure"] = structureJson }, cancellationToken);
}
