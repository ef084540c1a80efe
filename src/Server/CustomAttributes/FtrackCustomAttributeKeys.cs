namespace AyonFtrack.Server.CustomAttributes;

/// <summary>Keys and names on the ftrack side (original <c>client/ayon_ftrack/common/constants.py</c>).</summary>
public static class FtrackCustomAttributeKeys
{
    /// <summary>Hierarchical text attribute holding the AYON entity id ("" = not synced).</summary>
    public const string AyonId = "ayon_id";

    /// <summary>Hierarchical text attribute holding the AYON path (leading "/"; versions add <c>/&lt;product&gt;/v###</c>).</summary>
    public const string AyonPath = "ayon_path";

    /// <summary>List enumerator telling which AYON entity type a task list holds (<see cref="AyonListTypes"/>).</summary>
    public const string AyonListType = "ayon_list_type";

    /// <summary>Hierarchical boolean set when the synchronisation of the entity failed.</summary>
    public const string AyonSyncFailed = "ayon_sync_failed";

    /// <summary>Project (<c>show</c>) boolean: the project is synchronised by events.</summary>
    public const string AutoSyncEnabled = "auto_sync_enabled";

    /// <summary>Custom attribute group of the addon's attributes (matched case-insensitively).</summary>
    public const string Group = "ayon";

    /// <summary>Group of the OpenPype era; its hierarchical attributes still map when the mapping is disabled.</summary>
    public const string LegacyGroup = "openpype";

    /// <summary>AssetVersion enumerator of the publish intent (its creation is dead code in the original).</summary>
    public const string Intent = "intent";

    /// <summary>Keys whose values go through fps conversion.</summary>
    public static IReadOnlyList<string> FpsKeys { get; } = ["fps", "fps_string"];

    /// <summary>Note metadata key holding the AYON activity id of a synced comment.</summary>
    public const string NoteActivityIdMetadata = "ayon_activity_id";

    /// <summary>Component metadata key naming the component a copy was made from.</summary>
    public const string ComponentSourceIdMetadata = "source_component_id";

    /// <summary>Component metadata key of ftrack's review metadata.</summary>
    public const string ComponentFtrackMetaMetadata = "ftr_meta";
}

/// <summary>ftrack custom attribute type names (<c>CustomAttributeType.name</c>).</summary>
public static class FtrackCustomAttributeTypes
{
    public const string Text = "text";
    public const string Boolean = "boolean";
    public const string Date = "date";
    public const string Enumerator = "enumerator";
    public const string DynamicEnumerator = "dynamic enumerator";
    public const string Number = "number";
}

/// <summary>ftrack custom attribute <c>entity_type</c> values (and entity context types).</summary>
public static class FtrackEntityTypes
{
    /// <summary>Project.</summary>
    public const string Show = "show";

    /// <summary>Any TypedContext (folders and tasks); non-hierarchical task attributes also name an object type id.</summary>
    public const string Task = "task";

    public const string AssetVersion = "assetversion";
    public const string List = "list";
    public const string User = "user";
    public const string Asset = "asset";
}

/// <summary>Values of <see cref="FtrackCustomAttributeKeys.AyonListType"/>: the AYON entity list type of a ftrack task list.</summary>
public static class AyonListTypes
{
    public const string Folder = "folder";
    public const string Task = "task";
    public const string Version = "version";

    public static IReadOnlyList<string> All { get; } = [Folder, Task, Version];
}
