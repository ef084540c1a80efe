namespace AyonFtrack.Server.CustomAttributes;

/// <summary>
/// A ftrack custom attribute configuration as the addon creates or expects it.
/// <see cref="Config"/> is the JSON text ftrack stores (null = none); <see cref="EntityType"/> is null for
/// hierarchical attributes, which ftrack creates with entity type <c>show</c> (<see cref="CreationEntityType"/>).
/// <see cref="Default"/> is a string, a boolean or null.
/// </summary>
public sealed record FtrackCustomAttributeDefinition(
    string Key,
    string Label,
    string Type,
    bool IsHierarchical,
    string? EntityType,
    object? Default,
    string? Config,
    string? Group)
{
    /// <summary>The <c>entity_type</c> to send when creating it.</summary>
    public string CreationEntityType => EntityType ?? FtrackEntityTypes.Show;

    /// <summary>The <c>config</c> to send when creating it (<c>{}</c> when there is none).</summary>
    public string CreationConfig => Config ?? "{}";
}
