using System.Text.Json;
using AyonFtrack.Features.Anatomy;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack.Actions;

namespace AyonFtrack.Features.Desktop;

/// <summary>
/// An artist's (local) ftrack action with settings (behaviour reference §3.3): its menu entry, and the key under
/// <c>user_handlers</c> whose <c>enabled</c> and <c>role_list</c> decide who may use it.
/// </summary>
/// <param name="Menu">The menu entry and identifier (advertised with this process's id appended).</param>
/// <param name="SettingsKey">The key under <c>user_handlers</c>; null when the action has no settings.</param>
/// <param name="EnabledKey">The switch's key in that section; null when the section has none (always enabled).</param>
/// <param name="IconFile">The icon's file among the addon's public icons (the original's); null for none.</param>
public sealed record UserAction(LocalAction Menu, string? SettingsKey = null, string? EnabledKey = "enabled", string? IconFile = null)
{
    /// <summary>The settings group of the artist's actions.</summary>
    public const string SettingsGroup = "user_handlers";

    /// <summary>
    /// The menu entry with its icon's URL on the AYON server (<c>{server}/addons/ftrack/{version}/public/icons/{file}</c>,
    /// as the original's <c>get_ftrack_icon_url</c>); without an icon or a known AYON server the entry has none.
    /// </summary>
    public LocalAction MenuWithIcon(AyonOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return IconFile is null ? Menu : Menu with { Icon = ActionIcons.Url(options, IconFile) };
    }

    /// <summary>
    /// The role check (§3.3 <c>valid_roles</c>) on <c>user_handlers.&lt;key&gt;</c> of the project's ftrack settings: the
    /// switch false → disabled; no or an empty <c>role_list</c> → allowed; otherwise one of the user's roles must be listed
    /// (case-insensitive).
    /// </summary>
    public RoleDecision Decide(JsonElement settings, IReadOnlyCollection<string> userRoles)
    {
        ArgumentNullException.ThrowIfNull(userRoles);
        if (SettingsKey is null || ProjectSettings.Section(settings, $"{SettingsGroup}.{SettingsKey}") is not { ValueKind: JsonValueKind.Object } section)
        {
            return RoleDecision.Allowed;
        }

        if (EnabledKey is not null && section.TryGetProperty(EnabledKey, out var enabled) && enabled.ValueKind == JsonValueKind.False)
        {
            return RoleDecision.Disabled;
        }

        var roles = section.TryGetProperty("role_list", out var list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!)]
            : new List<string>();
        return roles.Count == 0 || roles.Any(r => userRoles.Contains(r, StringComparer.OrdinalIgnoreCase)) ? RoleDecision.Allowed : RoleDecision.MissingRole;
    }
}

/// <summary>
/// The local disk as the artist's actions use it; a unit test gives a small in-memory one (with Windows-style paths
/// too). Paths are those of <see cref="Platform"/>.
/// </summary>
public interface IDesktopFiles
{
    /// <summary>The platform whose roots and path rules apply.</summary>
    AnatomyPlatform Platform { get; }

    /// <summary>True when a file exists at <paramref name="path"/>.</summary>
    bool FileExists(string path);

    /// <summary>True when a directory exists at <paramref name="path"/>.</summary>
    bool DirectoryExists(string path);

    /// <summary>Creates <paramref name="path"/> and its parents.</summary>
    void CreateDirectory(string path);

    /// <summary>Copies a file; an existing destination is left alone (as the original's delivery does).</summary>
    void CopyFile(string source, string destination);
}

/// <summary>The real disk of this machine.</summary>
public sealed class LocalDesktopFiles : IDesktopFiles
{
    /// <inheritdoc />
    public AnatomyPlatform Platform => AnatomyPlatforms.Current;

    /// <inheritdoc />
    public bool FileExists(string path) => File.Exists(path);

    /// <inheritdoc />
    public bool DirectoryExists(string path) => Directory.Exists(path);

    /// <inheritdoc />
    public void CreateDirectory(string path) => Directory.CreateDirectory(path);

    /// <inheritdoc />
    public void CopyFile(string source, string destination)
    {
        if (!File.Exists(destination))
        {
            File.Copy(source, destination, overwrite: false);
        }
    }
}
