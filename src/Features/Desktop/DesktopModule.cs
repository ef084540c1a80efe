using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Features.Pipeline;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AyonFtrack.Features.Desktop;

/// <summary>
/// The desktop mode's routes: the artist's local actions (behaviour reference §4.4), answering the
/// <c>ftrack.action.discover</c> and <c>ftrack.action.launch</c> events of the artist's own hub session. A new local
/// action is one slice file in this folder plus one <see cref="DesktopRoutes.LocalAction{TCommand, THandler}"/> line
/// here. Log event ids 9500–9599.
/// </summary>
public sealed class DesktopModule : ISliceModule
{
    /// <inheritdoc />
    public void Map(SliceMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        map.LocalAction<WhereIRun.Command, WhereIRun.Handler>(WhereIRun.From);
        map.On<FtrackEvent, WhereIRun.ShowCommand, WhereIRun.ShowHandler>(HostMode.Desktop, ServerAction.LaunchTopic, WhereIRun.Show);
        map.LocalAction<Applications.Command, Applications.Handler>(Applications.From);
        map.LocalAction<CreateFolders.Command, CreateFolders.Handler>(CreateFolders.From);
        map.LocalAction<Delivery.Command, Delivery.Handler>(Delivery.From);
        map.LocalAction<SortReview.Command, SortReview.Handler>(SortReview.From);
        map.LocalAction<JobKiller.Command, JobKiller.Handler>(JobKiller.From);
        map.LocalAction<MultipleNotes.Command, MultipleNotes.Handler>(MultipleNotes.From);
        map.LocalAction<ThumbnailToChildren.Command, ThumbnailToChildren.Handler>(ThumbnailToChildren.From);
        map.LocalAction<ThumbnailToParent.Command, ThumbnailToParent.Handler>(ThumbnailToParent.From);
        map.LocalAction<OpenFile.Command, OpenFile.Handler>(OpenFile.From);
        map.LocalAction<DownloadReviewMedia.Command, DownloadReviewMedia.Handler>(DownloadReviewMedia.From);
        map.LocalAction<BatchTaskCreate.Command, BatchTaskCreate.Handler>(BatchTaskCreate.From);
        map.LocalAction<CleanHierarchicalAttributes.Command, CleanHierarchicalAttributes.Handler>(CleanHierarchicalAttributes.From);
        map.LocalAction<CreateProjectStructure.Command, CreateProjectStructure.Handler>(CreateProjectStructure.From);
        map.LocalAction<CreateUpdateAttributes.Command, CreateUpdateAttributes.Handler>(CreateUpdateAttributes.From);
    }
}

/// <summary>Route helpers of the desktop mode.</summary>
public static class DesktopRoutes
{
    /// <summary>
    /// Routes a local action's discovers and launches to one slice: <paramref name="from"/> is called for both topics
    /// (a <see cref="LocalAction.StepOf"/> tells which) and its command goes to <typeparamref name="THandler"/>. An
    /// <see cref="ILocalActionCommand"/> is checked by <see cref="LocalActionValidator{TCommand}"/>.
    /// </summary>
    public static SliceMap LocalAction<TCommand, THandler>(this SliceMap map, Func<FtrackEvent, TCommand?> from, int priority = SliceMap.DefaultPriority)
        where TCommand : class, IRequest<Unit>
        where THandler : class, IRequestHandler<TCommand, Unit>
    {
        ArgumentNullException.ThrowIfNull(map);
        if (map.Mode == HostMode.Desktop && typeof(ILocalActionCommand).IsAssignableFrom(typeof(TCommand)))
        {
            map.Services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IValidator<TCommand>), typeof(LocalActionValidator<>).MakeGenericType(typeof(TCommand))));
        }

        return map
            .On<FtrackEvent, TCommand, THandler>(HostMode.Desktop, ServerAction.DiscoverTopic, from, priority)
            .On<FtrackEvent, TCommand, THandler>(HostMode.Desktop, ServerAction.LaunchTopic, from, priority);
    }
}
