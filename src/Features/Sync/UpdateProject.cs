using AyonFtrack.Features.Common;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Server.CustomAttributes;
using FluentValidation;
using MediatR;

namespace AyonFtrack.Features.Sync;

/// <summary>
/// A change of the ftrack project's custom attributes (a <c>show</c> update) reaches the AYON project's mapped
/// attributes (P-16 step 2 for the project entity); the project's types and statuses are brought along when they
/// differ. The auto-sync toggle and the project's names are not attributes and are left to their own handling.
/// Python origin: <c>services/processor/processor/default_handlers/event_sync_from_ftrack.py</c> (P-16, attribute changes of <c>show</c>).
/// </summary>
public static partial class UpdateProject
{
    private static readonly HashSet<string> NotAttributes = new(StringComparer.Ordinal)
    {
        FtrackCustomAttributeKeys.AutoSyncEnabled, "name", "fullname", "full_name", "thumbid", "priorityid",
    };

    public sealed record Command(string ProjectId) : ICommand;

    /// <summary>A <c>show</c> update changing anything but auto-sync and names.</summary>
    public static Command? From(FtrackEvent e) =>
        FtrackUpdate.Changes(e).FirstOrDefault(c => c.EntityType == "show" && c.IsUpdate && c.Changes.Keys.Any(k => !NotAttributes.Contains(k))) is { } change
            ? new Command(change.EntityId)
            : null;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.ProjectId).NotEmpty();
    }

    internal sealed class Handler(IncrementalSync sync)
        : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            await sync.ApplyAsync(request.ProjectId, ChangeKind.Project, [new ChangedEntity(request.ProjectId, 0)], cancellationToken);
            return Unit.Value;
        }
    }
}
