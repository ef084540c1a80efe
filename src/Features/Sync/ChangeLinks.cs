using AyonFtrack.Features.Common;
using AyonFtrack.Features.Pipeline;
using FluentValidation;
using MediatR;

namespace AyonFtrack.Features.Sync;

/// <summary>
/// Adds or removes AYON folder links after ftrack <c>TypedContextLink</c> (legacy <c>dependency</c>) add/remove items:
/// input = the link's <c>from</c> folder, output = its <c>to</c> folder, type = <c>sync_link_type</c> (see <see cref="LinkSync"/>).
/// An existing link is not created twice and a missing one is not deleted, so a replay writes nothing. Fixes the
/// original's reading of the <c>to</c> entity for both ends (§7).
/// Python origin: <c>services/processor/processor/default_handlers/event_sync_from_ftrack.py</c> (P-16 step 4).
/// </summary>
public static partial class ChangeLinks
{
    public sealed record Command(string ProjectId, IReadOnlyList<LinkChange> Links) : ICommand;

    /// <summary><c>dependency</c> add/remove items with both <c>from_id</c> and <c>to_id</c>, in the first project named.</summary>
    public static Command? From(FtrackEvent e)
    {
        var links = FtrackUpdate.Changes(e)
            .Where(c => c.ProjectId is not null)
            .Select(c => (c.ProjectId, Link: SyncEventScope.LinkChangeOf(c)))
            .Where(l => l.Link is not null)
            .ToList();
        if (links.Count == 0)
        {
            return null;
        }

        var project = links[0].ProjectId!;
        return new Command(project, [.. links.Where(l => l.ProjectId == project).Select(l => l.Link!).Distinct()]);
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.ProjectId).NotEmpty();
            RuleFor(c => c.Links).NotEmpty();
            RuleForEach(c => c.Links).Must(l => !string.IsNullOrWhiteSpace(l.FromId) && !string.IsNullOrWhiteSpace(l.ToId)).WithMessage("Every link change needs both ends.");
        }
    }

    internal sealed class Handler(IncrementalSync sync)
        : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            await sync.ApplyLinksAsync(request.ProjectId, request.Links, cancellationToken);
            return Unit.Value;
        }
    }
}
