using AyonFtrack.Features.Common;
using AyonFtrack.Features.Pipeline;
using FluentValidation;
using MediatR;

namespace AyonFtrack.Features.Sync;

/// <summary>
/// An AssetVersion's status or custom attributes changed in ftrack: its AYON version follows (found by
/// <see cref="VersionMatch"/>, updated by <see cref="VersionSync"/>). Removals of AssetVersions are ignored, as in the
/// original.
/// Python origin: <c>services/processor/processor/default_handlers/event_sync_from_ftrack.py</c> (P-16 step 2, <c>assetversion</c> updates).
/// </summary>
public static partial class UpdateVersions
{
    private static readonly HashSet<string> OwnKeys = new(StringComparer.Ordinal)
    {
        Server.CustomAttributes.FtrackCustomAttributeKeys.AyonId, Server.CustomAttributes.FtrackCustomAttributeKeys.AyonPath, Server.CustomAttributes.FtrackCustomAttributeKeys.AyonSyncFailed,
    };

    public sealed record Command(string ProjectId, IReadOnlyList<string> VersionIds) : ICommand;

    /// <summary>Updated AssetVersions of the first project named.</summary>
    public static Command? From(FtrackEvent e)
    {
        // The sync's own write-back of ayon_id (and the like) comes back as an update that has nothing to sync.
        var updated = FtrackUpdate.Changes(e)
            .Where(c => c.EntityType == "assetversion" && c.IsUpdate && c.ProjectId is not null && c.Changes.Keys.Any(k => !OwnKeys.Contains(k)))
            .ToList();
        if (updated.Count == 0)
        {
            return null;
        }

        var project = updated[0].ProjectId!;
        return new Command(project, [.. updated.Where(c => c.ProjectId == project).Select(c => c.EntityId).Distinct(StringComparer.Ordinal)]);
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.ProjectId).NotEmpty();
            RuleFor(c => c.VersionIds).NotEmpty().WithMessage("The version change names no AssetVersion.");
        }
    }

    internal sealed class Handler(IncrementalSync sync)
        : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            await sync.ApplyVersionsAsync(request.ProjectId, request.VersionIds, cancellationToken);
            return Unit.Value;
        }
    }
}
