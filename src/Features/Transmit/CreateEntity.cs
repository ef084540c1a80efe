using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Pipeline;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Transmit;

/// <summary>
/// A folder or task created in AYON is created in ftrack (the original leaves <c>entity.*.created</c> unhandled, T-08,
/// §7.2). The ftrack entity gets the AYON id in <c>ayon_id</c> in the same commit, then AYON gets the ftrack id in
/// <c>ftrackId</c>; a retry finds the entity by either id and creates nothing twice. The object type follows the
/// folder type (name compared without case and spaces; <c>Folder</c> when ftrack has no such type), the task type the
/// ftrack <c>Type</c> of the same name.
/// </summary>
public static class CreateEntity
{
    private const string Slice = "Transmit.CreateEntity";

    public sealed record Command(string Project, string EntityType, string EntityId) : ICommand;

    /// <summary>An ftrack object type or task type: id and name.</summary>
    public sealed record NamedRow(string Id, string Name);

    /// <summary>What to create: the ftrack entity type, its object type and (tasks) its task type.</summary>
    public sealed record Plan(string FtrackEntityType, string ObjectTypeId, string? TypeId);

    /// <summary><c>entity.folder.created</c>, <c>entity.task.created</c>.</summary>
    public static Command? From(AyonEvent e)
    {
        var change = AyonChange.From(e);
        return change is { Change: "created", EntityType: "folder" or "task" } ? new Command(change.Project, change.EntityType, change.EntityId) : null;
    }

    /// <summary>The ftrack shape of an AYON folder or task; null when ftrack has no fitting type.</summary>
    public static Plan? Decide(string entityType, string? subType, IReadOnlyList<NamedRow> objectTypes, IReadOnlyList<NamedRow> taskTypes)
    {
        ArgumentNullException.ThrowIfNull(objectTypes);
        ArgumentNullException.ThrowIfNull(taskTypes);
        static string Key(string name) => name.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        if (entityType == "task")
        {
            var taskObject = objectTypes.FirstOrDefault(o => Key(o.Name) == "TASK");
            var type = taskTypes.FirstOrDefault(t => subType is not null && Key(t.Name) == Key(subType));
            return taskObject is null || type is null ? null : new Plan("Task", taskObject.Id, type.Id);
        }

        var objectType = objectTypes.FirstOrDefault(o => subType is not null && Key(o.Name) == Key(subType) && Key(o.Name) is not "TASK" and not "MILESTONE")
            ?? objectTypes.FirstOrDefault(o => Key(o.Name) == "FOLDER");
        return objectType is null ? null : new Plan(objectType.Name.Replace(" ", "", StringComparison.Ordinal), objectType.Id, null);
    }

    /// <summary>True when ftrack has the type of that name itself (not only the <c>Folder</c> fallback).</summary>
    public static bool HasExactType(string entityType, string? subType, IReadOnlyList<NamedRow> objectTypes, IReadOnlyList<NamedRow> taskTypes)
    {
        ArgumentNullException.ThrowIfNull(objectTypes);
        ArgumentNullException.ThrowIfNull(taskTypes);
        static string Key(string name) => name.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        if (subType is null)
        {
            return true;
        }

        return entityType == "task"
            ? objectTypes.Any(o => Key(o.Name) == "TASK") && taskTypes.Any(t => Key(t.Name) == Key(subType))
            : objectTypes.Any(o => Key(o.Name) == Key(subType));
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

            var existing = await Counterparts.FindAsync(session, request.Project, entity, ["id"], cancellationToken);
            if (existing is not null)
            {
                await LinkAsync(request, entity, existing.Id, cancellationToken);
                return Unit.Value;
            }

            FtrackEntity? parent;
            if (entity.ParentId is null)
            {
                parent = await cache.FtrackProjectAsync(ayon, session, request.Project, cancellationToken);
            }
            else
            {
                var ayonParent = await Counterparts.ReadAyonAsync(ayon, request.Project, "folder", entity.ParentId, cancellationToken);
                parent = ayonParent is null ? null : await Counterparts.FindAsync(session, request.Project, ayonParent, ["id", "project_id"], cancellationToken);
            }

            if (parent is null)
            {
                TransmitLog.NoCounterpart(logger, Slice, request.EntityType, request.EntityId, request.Project);
                return Unit.Value;
            }

            var (objectTypes, taskTypes, fromCache) = await TypesAsync(request.EntityType, cancellationToken);
            if (fromCache && !HasExactType(request.EntityType, entity.SubType, objectTypes, taskTypes))
            {
                // A type added in ftrack since the read: read the types once more rather than fall back to Folder or skip.
                cache.ForgetTypes($"AYON {request.EntityType} type '{entity.SubType}' is not in the cached ftrack types");
                (objectTypes, taskTypes, _) = await TypesAsync(request.EntityType, cancellationToken);
            }

            var plan = Decide(request.EntityType, entity.SubType, objectTypes, taskTypes);
            if (plan is null)
            {
                TransmitLog.Skipped(logger, Slice, $"ftrack has no type for AYON {request.EntityType} type '{entity.SubType}' ({request.EntityId}); not created");
                return Unit.Value;
            }

            var data = new Dictionary<string, object?>
            {
                ["name"] = entity.Label is { Length: > 0 } label ? label : entity.Name,
                ["parent_id"] = parent.Id,
                ["project_id"] = parent.EntityType == "Project" ? parent.Id : parent.GetString("project_id"),
                ["object_type_id"] = plan.ObjectTypeId,
            };
            if (plan.TypeId is not null)
            {
                data["type_id"] = plan.TypeId;
            }

            var created = session.Create(plan.FtrackEntityType, data);
            if (await cache.AyonIdConfigurationAsync(session, cancellationToken) is { } ayonIdConfiguration)
            {
                session.CreateCustomAttributeValue(ayonIdConfiguration, created.Id, entity.Id);
            }

            await cache.CommitAsync(session, cancellationToken);
            await LinkAsync(request, entity, created.Id, cancellationToken);
            TransmitLog.Pushed(logger, Slice, request.EntityType, request.EntityId, created.Id, 1);
            return Unit.Value;
        }

        private async Task<(IReadOnlyList<NamedRow> ObjectTypes, IReadOnlyList<NamedRow> TaskTypes, bool FromCache)> TypesAsync(string entityType, CancellationToken cancellationToken)
        {
            var objectTypes = await cache.NamedRowsAsync(session, "ObjectType", cancellationToken);
            var taskTypes = entityType == "task" ? await cache.NamedRowsAsync(session, "Type", cancellationToken) : new CachedRead<IReadOnlyList<NamedRow>>([], false);
            return (objectTypes.Value, taskTypes.Value, objectTypes.FromCache || taskTypes.FromCache);
        }

        private async Task LinkAsync(Command request, AyonEntityState entity, string ftrackId, CancellationToken cancellationToken)
        {
            if (entity.FtrackId == ftrackId)
            {
                return;
            }

            var patch = new JsonObject { ["attrib"] = new JsonObject { [Counterparts.FtrackIdAttribute] = ftrackId } };
            if (request.EntityType == "task")
            {
                await ayon.UpdateTaskAsync(request.Project, request.EntityId, patch, cancellationToken);
            }
            else
            {
                await ayon.UpdateFolderAsync(request.Project, request.EntityId, patch, cancellationToken);
            }
        }
    }
}
