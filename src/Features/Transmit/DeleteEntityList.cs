using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Pipeline;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Transmit;

/// <summary>
/// T-06: an AYON list deleted deletes the ftrack list of the same name (the AYON list and its <c>ftrackId</c> are gone),
/// only when the kinds match: an <c>assetversion</c> list for version lists, a <c>task</c> list whose
/// <c>ayon_list_type</c> is the AYON entity type for folder and task lists.
/// </summary>
public static class DeleteEntityList
{
    private const string Slice = "Transmit.DeleteEntityList";

    public sealed record Command(string Project, string ListId, string Label, string EntityType) : ICommand;

    /// <summary><c>entity_list.deleted</c> (summary <c>{id, label, entity_type}</c>, snake_case).</summary>
    public static Command? From(AyonEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Topic == "entity_list.deleted" && e.Project is { Length: > 0 } project
            ? new Command(project, AyonChange.Text(e.Summary?["id"]) ?? "", AyonChange.Text(e.Summary?["label"]) ?? "", AyonChange.Text(e.Summary?["entity_type"]) ?? "")
            : null;
    }

    /// <summary>True when an ftrack list of <paramref name="systemType"/> with <paramref name="listType"/> holds AYON lists of <paramref name="entityType"/>.</summary>
    public static bool Matches(string entityType, string systemType, IReadOnlyList<string> listType) =>
        entityType == "version" ? systemType == "assetversion" : systemType == "task" && listType.Contains(entityType, StringComparer.Ordinal);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Label).NotEmpty().WithMessage("the AYON list deletion names no label");
            RuleFor(c => c.EntityType).NotEmpty().WithMessage("the AYON list deletion names no entity type");
        }
    }

    internal sealed class Handler(IAyonApi ayon, FtrackSession session, TransmitReadCache cache, ILogger<Handler> logger) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var project = await cache.FtrackProjectAsync(ayon, session, request.Project, cancellationToken);
            if (project is null)
            {
                TransmitLog.NoCounterpart(logger, Slice, "project", request.Project, request.Project);
                return Unit.Value;
            }

            var lists = await session.QueryAsync(
                FtrackQuery.From("List").Select("id", "name", "system_type").Where(FtrackFilter.Is("project_id", project.Id)), cancellationToken);
            var listTypeConfiguration = (await session.QueryFirstAsync(
                FtrackQuery.From("CustomAttributeConfiguration").Select("id", "key").Where(FtrackFilter.Is("key", Counterparts.AyonListTypeKey)), cancellationToken))?.Id;
            var deleted = 0;
            foreach (var list in lists.Where(l => string.Equals(l.GetString("name"), request.Label, StringComparison.OrdinalIgnoreCase)))
            {
                IReadOnlyList<string> listType = [];
                if (listTypeConfiguration is not null)
                {
                    var value = await session.QueryFirstAsync(
                        FtrackQuery.From("CustomAttributeValue").Select("value", "entity_id", "configuration_id")
                            .Where(FtrackFilter.Is("configuration_id", listTypeConfiguration).And(FtrackFilter.Is("entity_id", list.Id))),
                        cancellationToken);
                    listType = value?["value"] is System.Text.Json.Nodes.JsonArray array ? [.. array.Select(AyonChange.Text).OfType<string>()] : [];
                }

                if (Matches(request.EntityType, list.GetString("system_type") ?? "", listType))
                {
                    session.Delete(FtrackEntityRef.Of("List", list.Id));
                    deleted++;
                }
            }

            if (deleted == 0)
            {
                TransmitLog.NoCounterpart(logger, Slice, "list", request.ListId, request.Project);
                return Unit.Value;
            }

            await cache.CommitAsync(session, cancellationToken);
            TransmitLog.Pushed(logger, Slice, "list", request.ListId, request.Label, deleted);
            return Unit.Value;
        }
    }
}
