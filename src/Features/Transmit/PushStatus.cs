using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Pipeline;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Transmit;

/// <summary>
/// T-02: an AYON status change of a folder, task or version pushed to ftrack (Python origin:
/// <c>services/transmitter/transmitter/logic.py</c>, status updates). The ftrack status with the same name
/// (case-insensitive) is set only when the entity's workflow offers it and it is not set already. The AYON status is
/// read now, not taken from the event (its summary value may belong to another aspect, ayon-protocol.md §6.2). The
/// linked ftrack project and the workflow's statuses come from <see cref="TransmitReadCache"/>; a status the cached
/// workflow does not offer makes it read the workflow once more before the change is skipped.
/// </summary>
public static class PushStatus
{
    private const string Slice = "Transmit.PushStatus";

    public sealed record Command(string Project, string EntityType, string EntityId) : ICommand;

    /// <summary>An ftrack status: id and name.</summary>
    public sealed record FtrackStatus(string Id, string Name);

    /// <summary><c>entity.{folder,task,version}.status_changed</c>.</summary>
    public static Command? From(AyonEvent e)
    {
        var change = AyonChange.From(e);
        return change is { Change: "status_changed", EntityType: "folder" or "task" or "version" }
            ? new Command(change.Project, change.EntityType, change.EntityId)
            : null;
    }

    /// <summary>The status id to set, or null when the name is not available to the entity or already set.</summary>
    public static string? Decide(string? ayonStatus, string? currentStatusId, IReadOnlyList<FtrackStatus> available)
    {
        ArgumentNullException.ThrowIfNull(available);
        if (string.IsNullOrEmpty(ayonStatus))
        {
            return null;
        }

        var match = available.FirstOrDefault(s => string.Equals(s.Name, ayonStatus, StringComparison.OrdinalIgnoreCase));
        return match is null || match.Id == currentStatusId ? null : match.Id;
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.EntityId).NotEmpty().WithMessage("the AYON event names no entity");
    }

    internal sealed class Handler(IAyonApi ayon, FtrackSession session, TransmitReadCache cache, ILogger<Handler> logger) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var entity = await Counterparts.ReadAyonAsync(ayon, request.Project, request.EntityType, request.EntityId, cancellationToken);
            if (entity is null)
            {
                TransmitLog.AyonEntityGone(logger, Slice, request.EntityType, request.EntityId, request.Project);
                return Unit.Value;
            }

            var projections = request.EntityType == "version" ? new[] { "id", "status_id", "asset.context_id" } : ["id", "status_id", "object_type_id", "type_id", "project_id"];
            var ftEntity = await Counterparts.ResolveAsync(ayon, session, request.Project, entity, projections, cancellationToken);
            var project = ftEntity is null ? null : await cache.FtrackProjectAsync(ayon, session, request.Project, cancellationToken);
            if (ftEntity is null || project is null)
            {
                TransmitLog.NoCounterpart(logger, Slice, request.EntityType, request.EntityId, request.Project);
                return Unit.Value;
            }

            var scope = project.GetString("project_schema_id") is { } schemaId
                ? new WorkflowScope(schemaId, request.EntityType, request.EntityType switch
                {
                    "version" => null,
                    "task" => ftEntity.GetString("type_id"),
                    _ => ftEntity.GetString("object_type_id"),
                })
                : null;
            var available = scope is null
                ? new CachedRead<IReadOnlyList<FtrackStatus>>([], false)
                : await cache.StatusesAsync(scope, ct => AvailableStatusesAsync(scope, ct), cancellationToken);
            if (scope is not null && available.FromCache && !Offers(available.Value, entity.Status))
            {
                // A status added to the workflow since the read: read the workflow once more before skipping.
                cache.ForgetStatuses(scope, $"status '{entity.Status}' is not in the cached workflow");
                available = await cache.StatusesAsync(scope, ct => AvailableStatusesAsync(scope, ct), cancellationToken);
            }

            if (scope is not null && !Offers(available.Value, entity.Status))
            {
                // A status ftrack cannot take (one that exists only in AYON, e.g. its default "Not ready"): the job fails
                // at once naming it, rather than finishing and leaving the two sides apart without a word.
                throw new PermanentFailureException(
                    $"AYON status '{entity.Status}' of {request.EntityType} {request.EntityId} is not in the entity's ftrack workflow; ftrack cannot take it "
                    + "(add it to the ftrack workflow, or keep AYON projects to the statuses ftrack offers)");
            }

            var statusId = Decide(entity.Status, ftEntity.GetString("status_id"), available.Value);
            if (statusId is null)
            {
                TransmitLog.Skipped(logger, Slice, $"status '{entity.Status}' of AYON {request.EntityType} {request.EntityId} is already set or not available in ftrack");
                return Unit.Value;
            }

            session.Update(ftEntity.Ref, new Dictionary<string, object?> { ["status_id"] = statusId });
            await cache.CommitAsync(session, cancellationToken);
            TransmitLog.Pushed(logger, Slice, request.EntityType, request.EntityId, ftEntity.Id, 1);
            return Unit.Value;
        }

        private static bool Offers(IReadOnlyList<FtrackStatus> available, string? ayonStatus) =>
            string.IsNullOrEmpty(ayonStatus) || available.Any(s => string.Equals(s.Name, ayonStatus, StringComparison.OrdinalIgnoreCase));

        private async Task<IReadOnlyList<FtrackStatus>> AvailableStatusesAsync(WorkflowScope scope, CancellationToken cancellationToken)
        {
            IReadOnlyList<string> statusIds = [];
            var schemaId = scope.ProjectSchemaId;
            var schema = await session.GetAsync("ProjectSchema", schemaId, ["id", "task_workflow_schema_id", "asset_version_workflow_schema_id"], cancellationToken);
            if (scope.EntityType == "version")
            {
                statusIds = await WorkflowStatusesAsync(schema?.GetString("asset_version_workflow_schema_id"), cancellationToken);
            }
            else if (scope.EntityType == "task")
            {
                var workflow = schema?.GetString("task_workflow_schema_id");
                if (scope.TypeId is { } typeId)
                {
                    var overrideRow = await session.QueryFirstAsync(
                        FtrackQuery.From("ProjectSchemaOverride").Select("id", "workflow_schema_id")
                            .Where(FtrackFilter.Is("project_schema_id", schemaId).And(FtrackFilter.Is("type_id", typeId))),
                        cancellationToken);
                    workflow = overrideRow?.GetString("workflow_schema_id") ?? workflow;
                }

                statusIds = await WorkflowStatusesAsync(workflow, cancellationToken);
            }
            else if (scope.TypeId is { } objectTypeId)
            {
                var objectSchema = await session.QueryFirstAsync(
                    FtrackQuery.From("Schema").Select("id").Where(FtrackFilter.Is("project_schema_id", schemaId).And(FtrackFilter.Is("object_type_id", objectTypeId))),
                    cancellationToken);
                if (objectSchema is not null)
                {
                    var rows = await session.QueryAsync(FtrackQuery.From("SchemaStatus").Select("status_id", "schema_id").Where(FtrackFilter.Is("schema_id", objectSchema.Id)), cancellationToken);
                    statusIds = [.. rows.Select(r => r.GetString("status_id")).OfType<string>()];
                }
            }

            if (statusIds.Count == 0)
            {
                return [];
            }

            return await session.QueryAsync(
                FtrackQuery.From("Status").Select("id", "name").Where(FtrackFilter.In("id", statusIds)),
                r => new FtrackStatus(r.Id, r.GetString("name") ?? ""),
                cancellationToken);
        }

        private async Task<IReadOnlyList<string>> WorkflowStatusesAsync(string? workflowId, CancellationToken cancellationToken)
        {
            if (workflowId is null)
            {
                return [];
            }

            var rows = await session.QueryAsync(
                FtrackQuery.From("WorkflowSchemaStatus").Select("status_id", "workflow_schema_id").Where(FtrackFilter.Is("workflow_schema_id", workflowId)),
                cancellationToken);
            return [.. rows.Select(r => r.GetString("status_id")).OfType<string>()];
        }
    }
}
