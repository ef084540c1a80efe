using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Pipeline;

namespace AyonFtrack.Features.Transmit;

/// <summary>
/// The transmitter (behaviour reference §1.5), AYON → ftrack: it enrolls AYON's entity changes (<see cref="SourceTopics"/>)
/// into <c>ftrack.sync</c> jobs, ignoring the services' own writes (<c>ignoreSenderTypes: ["ftrack"]</c>), and runs the
/// slices routed to each change's topic; its comment timer runs <see cref="SyncComments"/>. Log event ids 7000–7099.
/// Topics of the enroll list without a route here (<c>active_changed</c>, <c>data_changed</c>, product attributes and
/// deletes, <c>entity.project.created|deleted</c>) carry nothing ftrack can hold; their jobs finish without a write.
/// </summary>
public sealed class TransmitModule : ISliceModule
{
    private const HostMode Mode = HostMode.Transmitter;

    /// <summary>
    /// The exact source topics the original enrolls (ayon-protocol.md §4.1), plus the renames it leaves out:
    /// <c>entity.{folder,task,product}.renamed</c> and <c>entity.{folder,task}.label_changed</c> (ftrack names follow AYON
    /// labels); list form, so matched exactly.
    /// </summary>
    public static readonly IReadOnlyList<string> SourceTopics =
    [
        .. new[] { "project", "folder", "task", "product", "version" }.SelectMany(t => new[]
        {
            $"entity.{t}.created", $"entity.{t}.deleted", $"entity.{t}.active_changed", $"entity.{t}.attrib_changed", $"entity.{t}.data_changed",
        }),
        "entity.folder.type_changed", "entity.task.type_changed", "entity.product.type_changed",
        "entity.folder.thumbnail_changed", "entity.task.thumbnail_changed", "entity.version.thumbnail_changed",
        "entity.folder.status_changed", "entity.task.status_changed", "entity.version.status_changed",
        "entity.project.changed", "entity.folder.parent_changed", "entity.task.folder_changed", "entity.product.folder_changed",
        "entity.version.product_changed", "entity.version.task_changed", "entity.task.assignees_changed",
        "entity.folder.renamed", "entity.task.renamed", "entity.product.renamed",
        "entity.folder.label_changed", "entity.task.label_changed",
        "reviewable.created",
        "entity_list.created", "entity_list.changed", "entity_list.deleted",
    ];

    /// <summary>
    /// The transmitter's enroll plan: AYON's entity changes into <c>ftrack.sync</c> jobs, the services' own writes
    /// ignored; the slices read the AYON event itself; jobs left failed run again when idle (the slices write only
    /// differences).
    /// </summary>
    public static readonly EnrollPlan Enroll = new(Topics.Sync, "Sync AYON changes to ftrack", Read)
    {
        SourceTopics = SourceTopics,
        IgnoreSenderTypes = ["ftrack"],
        Reconciles = _ => true,
    };

    /// <summary>The slices read the AYON event itself.</summary>
    public static JobInput? Read(AyonEvent source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new JobInput(source.Topic, source, null);
    }

    /// <summary>
    /// Enrolled topics that carry nothing ftrack can hold, so they have no route and their jobs finish without a write:
    /// ftrack has no active flag, no free-form data and no project lifecycle driven from AYON; an ftrack Asset has no
    /// attributes the mapping reaches, and is kept when its AYON product is deleted (it may hold versions AYON never had);
    /// <c>entity.product.type_changed</c> is never emitted.
    /// </summary>
    public static readonly IReadOnlySet<string> TopicsWithoutFtrackEffect = new HashSet<string>(StringComparer.Ordinal)
    {
        "entity.project.created", "entity.project.deleted", "entity.project.active_changed", "entity.project.data_changed",
        "entity.folder.active_changed", "entity.folder.data_changed",
        "entity.task.active_changed", "entity.task.data_changed",
        "entity.version.active_changed", "entity.version.data_changed",
        "entity.product.deleted", "entity.product.active_changed", "entity.product.attrib_changed",
        "entity.product.data_changed", "entity.product.type_changed",
    };

    /// <inheritdoc />
    public void Map(SliceMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        map.Enroll(Mode, Enroll);
        foreach (var type in new[] { "project", "folder", "task", "version" })
        {
            map.On<AyonEvent, PushAttributes.Command, PushAttributes.Handler>(Mode, $"entity.{type}.attrib_changed", PushAttributes.From);
        }

        map.On<AyonEvent, PushAttributes.Command, PushAttributes.Handler>(Mode, "entity.project.changed", PushAttributes.From);
        foreach (var type in new[] { "folder", "task", "version" })
        {
            map.On<AyonEvent, PushStatus.Command, PushStatus.Handler>(Mode, $"entity.{type}.status_changed", PushStatus.From);
            map.On<AyonEvent, DeleteEntity.Command, DeleteEntity.Handler>(Mode, $"entity.{type}.deleted", DeleteEntity.From);
            map.On<AyonEvent, PushThumbnail.Command, PushThumbnail.Handler>(Mode, $"entity.{type}.thumbnail_changed", PushThumbnail.From);
        }

        map.On<AyonEvent, PushAssignees.Command, PushAssignees.Handler>(Mode, "entity.task.assignees_changed", PushAssignees.From);
        map.On<AyonEvent, CreateEntity.Command, CreateEntity.Handler>(Mode, "entity.folder.created", CreateEntity.From);
        map.On<AyonEvent, CreateEntity.Command, CreateEntity.Handler>(Mode, "entity.task.created", CreateEntity.From);
        map.On<AyonEvent, MoveEntity.Command, MoveEntity.Handler>(Mode, "entity.folder.parent_changed", MoveEntity.From);
        map.On<AyonEvent, MoveEntity.Command, MoveEntity.Handler>(Mode, "entity.task.folder_changed", MoveEntity.From);
        map.On<AyonEvent, MoveEntity.Command, MoveEntity.Handler>(Mode, "entity.version.task_changed", MoveEntity.From);
        map.On<AyonEvent, ChangeTaskType.Command, ChangeTaskType.Handler>(Mode, "entity.folder.type_changed", ChangeTaskType.From);
        map.On<AyonEvent, ChangeTaskType.Command, ChangeTaskType.Handler>(Mode, "entity.task.type_changed", ChangeTaskType.From);
        map.On<AyonEvent, PushEntityList.Command, PushEntityList.Handler>(Mode, "entity_list.created", PushEntityList.From);
        map.On<AyonEvent, PushEntityList.Command, PushEntityList.Handler>(Mode, "entity_list.changed", PushEntityList.From);
        map.On<AyonEvent, DeleteEntityList.Command, DeleteEntityList.Handler>(Mode, "entity_list.deleted", DeleteEntityList.From);
        map.On<AyonEvent, PushReviewable.Command, PushReviewable.Handler>(Mode, "reviewable.created", PushReviewable.From);
        map.On<AyonEvent, PushProduct.Command, PushProduct.Handler>(Mode, "entity.product.created", PushProduct.From);
        map.On<AyonEvent, PushProduct.Command, PushProduct.Handler>(Mode, "entity.product.renamed", PushProduct.From);
        map.On<AyonEvent, PushProduct.Command, PushProduct.Handler>(Mode, "entity.product.folder_changed", PushProduct.From);
        map.On<AyonEvent, PushVersion.Command, PushVersion.Handler>(Mode, "entity.version.created", PushVersion.From);
        map.On<AyonEvent, PushVersion.Command, PushVersion.Handler>(Mode, "entity.version.product_changed", PushVersion.From);
        foreach (var type in new[] { "folder", "task" })
        {
            map.On<AyonEvent, RenameEntity.Command, RenameEntity.Handler>(Mode, $"entity.{type}.renamed", RenameEntity.From);
            map.On<AyonEvent, RenameEntity.Command, RenameEntity.Handler>(Mode, $"entity.{type}.label_changed", RenameEntity.From);
        }

        map.On<TimerTick, SyncComments.Command, SyncComments.Handler>(Mode, Topics.CommentSyncTick, SyncComments.From);
    }
}
