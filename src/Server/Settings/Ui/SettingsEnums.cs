namespace AyonFtrack.Server.Settings.Ui;

/// <summary>A value AYON offers in a settings enum, with its label.</summary>
public sealed record SettingsEnumItem(string Value, string Label);

/// <summary>
/// The enums of the settings UI by name (<see cref="SettingAttribute.EnumResolver"/>). Static enums carry their
/// items, taken from <see cref="SettingsValues"/> so the services and the UI offer the same values; dynamic enums
/// are resolved by the AYON server: <see cref="Secrets"/> by AYON's own <c>secrets_enum</c>,
/// <see cref="ProjectLinkTypes"/> by the addon's <c>resolvers.project_link_types_enum</c>.
/// </summary>
public static class SettingsEnums
{
    /// <summary>AYON secret names (the value stored is the secret's name).</summary>
    public const string Secrets = "secrets";

    /// <summary>Folder-to-folder link types of the project (or of the primary anatomy preset), "&lt; Skip &gt;" first.</summary>
    public const string ProjectLinkTypes = "project_link_types";

    public const string AllowDeny = "allow_deny";
    public const string AttributeTypes = "attribute_types";
    public const string DailyListAttributeTypes = "daily_list_attribute_types";
    public const string DailyListCategories = "daily_list_categories";
    public const string WeekDays = "week_days";
    public const string AdditionalMetadataKeys = "additional_metadata_keys";

    /// <summary>The enums resolved by the server at schema time (no static items).</summary>
    public static IReadOnlySet<string> Dynamic { get; } = new HashSet<string>(StringComparer.Ordinal) { Secrets, ProjectLinkTypes };

    /// <summary>The static enums and their items, in the order the UI lists them.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<SettingsEnumItem>> Static { get; } =
        new SortedDictionary<string, IReadOnlyList<SettingsEnumItem>>(StringComparer.Ordinal)
        {
            [AllowDeny] = [new(SettingsValues.AllowList, "Allow list"), new(SettingsValues.DenyList, "Deny list")],
            [AttributeTypes] = [new(SettingsValues.Hierarchical, "Hierarchical"), new(SettingsValues.Standard, "Standard")],
            [DailyListAttributeTypes] = Labelled(SettingsValues.DailyListAttributeTypes, "Boolean", "String", "Integer", "Float", "Enumerator"),
            [DailyListCategories] = [.. SettingsValues.DailyListCategories.Select(c => new SettingsEnumItem(c, c))],
            [WeekDays] = Labelled(SettingsValues.WeekDays, "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
            [AdditionalMetadataKeys] = Labelled(SettingsValues.AdditionalMetadataKeys,
                "AYON ftrack version", "AYON launcher version", "Frame start", "Frame end", "Duration",
                "Resolution width", "Resolution height", "FPS", "Codec"),
        };

    private static SettingsEnumItem[] Labelled(IReadOnlyList<string> values, params string[] labels)
    {
        if (values.Count != labels.Length)
        {
            throw new InvalidOperationException($"{values.Count} values but {labels.Length} labels.");
        }

        return [.. values.Select((v, i) => new SettingsEnumItem(v, labels[i]))];
    }
}
