using System.Text.Json.Serialization;
using AyonFtrack.Server.Settings.Ui;

namespace AyonFtrack.Server.Settings;

/// <summary>
/// <c>post_launch_hook</c>: change the task status when an application starts. Each mapping item names the new
/// status and the current statuses it applies to (<see cref="SettingsValues.AnyStatus"/> matches any status;
/// the new status <see cref="SettingsValues.IgnoreStatus"/> leaves the status unchanged).
/// </summary>
[SettingsModel(Description = "Change the task status when an application starts. Each item names the new status and the current statuses it applies to; `__any__` matches every status, and the new status `__ignore__` leaves the listed statuses unchanged.")]
public sealed record PostLaunchHookSettings
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; } = true;

    [Setting("Status mapping", UniqueNames = true)]
    [JsonPropertyName("mapping")]
    public IReadOnlyList<NameValues> Mapping { get; init; } = [];
}
