using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Pipeline;

namespace AyonFtrack.Features.Transmit;

/// <summary>
/// The transmitter's routes (AYON → ftrack). Log event ids 7000–7099. Topics of the enroll list without a route here
/// (<c>active_changed</c>, <c>data_changed</c>, product attributes and deletes, <c>entity.project.created|deleted</c>) carry
/// nothing ftrack can hold; their jobs finish without a write.
/// </summary>
public sealed class TransmitModule : ISliceModule
{
    private const HostMode Mode = HostMode.Transmitter;

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
    }
}
