namespace AyonFtrack.Server.Attributes;

/// <summary>
/// The AYON attributes the ftrack addon creates at setup (original: <c>server/__init__.py</c>,
/// <c>create_ftrack_attributes</c>). Both are plain strings that are not inherited, so a child never
/// appears linked to its parent's ftrack entity.
/// </summary>
public static class FtrackAyonAttributes
{
    /// <summary>AYON attribute type of both attributes.</summary>
    public const string StringType = "string";

    /// <summary>The value of <c>ftrackId</c> that marks an AYON entity whose ftrack entity was removed.</summary>
    public const string RemovedIdValue = "removed";

    /// <summary><c>attrib.ftrackId</c>: the id of the linked ftrack entity.</summary>
    public static AttributeDefinition FtrackId { get; } = new(
        "ftrackId",
        "ftrack id",
        StringType,
        [
            AttributeScopes.Project,
            AttributeScopes.Folder,
            AttributeScopes.Task,
            AttributeScopes.Version,
            AttributeScopes.List,
        ],
        Inherit: false);

    /// <summary><c>attrib.ftrackPath</c>: the ftrack link names below the project, joined by <c>/</c>.</summary>
    public static AttributeDefinition FtrackPath { get; } = new(
        "ftrackPath",
        "ftrack path",
        StringType,
        [AttributeScopes.Project, AttributeScopes.Folder, AttributeScopes.Task],
        Inherit: false);

    /// <summary>Every attribute the addon ensures, in creation order.</summary>
    public static IReadOnlyList<AttributeDefinition> All { get; } = [FtrackId, FtrackPath];

    /// <summary>The definition named <paramref name="name"/> (exact, case-sensitive), or null.</summary>
    public static AttributeDefinition? Find(string name) =>
        All.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.Ordinal));
}
