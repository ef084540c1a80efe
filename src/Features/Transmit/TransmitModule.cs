using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Pipeline;

namespace AyonFtrack.Features.Transmit;

/// <summary>
/// The transmitter's routes (AYON → ftrack). Log event ids 7000–7099. Topics of the enroll list without a route here
/// (<c>active_changed</c>, <c>data_changed</c>, product changes, <c>entity.project.created|deleted</c>) carry nothing
/// ftrack can hold; their jobs finish without a write.
/// </summary>
public sealed class TransmitModule : ISliceModule
{
    private const HostMode Mode = HostMode.Transmitter;

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
    }
}
