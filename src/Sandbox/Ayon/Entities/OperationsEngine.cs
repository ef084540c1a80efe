using System.Text.Json.Nodes;

namespace AyonFtrack.Sandbox.Ayon.Entities;

/// <summary>The outcome of one operation, as the wire's per-operation result (ayon-protocol.md §3.5).</summary>
internal sealed record OperationOutcome(
    string Id,
    string Type,
    string EntityType,
    string? EntityId,
    bool Success,
    int Status,
    string? ErrorCode,
    string? Detail)
{
    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["type"] = Type,
        ["entityType"] = EntityType,
        ["entityId"] = EntityId,
        ["success"] = Success,
        ["status"] = Status,
        ["errorCode"] = ErrorCode,
        ["detail"] = Detail,
    };
}

/// <summary>The outcome of an operations request and the events to dispatch after commit.</summary>
internal sealed record OperationsOutcome(bool Success, IReadOnlyList<OperationOutcome> Operations, IReadOnlyList<EntityEventDraft> Events)
{
    public JsonObject ToJson() => new()
    {
        ["success"] = Success,
        ["operations"] = new JsonArray([.. Operations.Select(o => (JsonNode)o.ToJson())]),
    };
}

/// <summary>
/// <c>POST /api/projects/{p}/operations</c> over an <see cref="EntityEngine"/>: list order,
/// all-or-nothing for <c>canFail:false</c> (rollback, no events), independent commits for
/// <c>canFail:true</c>, request-level 400 for a missing <c>entityId</c> or the same target twice,
/// <c>raiseOnError</c>.
/// </summary>
internal static class OperationsEngine
{
    private sealed record Operation(string Id, string Type, EntityKind Kind, string? EntityId, JsonObject Data, bool Force, string? AsUser);

    /// <summary>Runs <paramref name="request"/>; throws <see cref="EntityMutationException"/> for request-level errors and for <c>raiseOnError</c>.</summary>
    public static OperationsOutcome Run(EntityEngine engine, string project, JsonObject request, EntityActor actor, Func<string, EntityActor?> resolveUser)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(request);
        var operations = Parse(request);
        var canFail = Bool(request, "canFail", "can_fail");
        var raiseOnError = Bool(request, "raiseOnError", "raise_on_error");
        engine.RequireProject(project);

        var results = new List<OperationOutcome>();
        var events = new List<EntityEventDraft>();
        if (!canFail)
        {
            using var transaction = engine.Store.Begin();
            foreach (var operation in operations)
            {
                var (outcome, opEvents) = Apply(engine, project, operation, actor, resolveUser);
                results.Add(outcome);
                if (!outcome.Success)
                {
                    if (raiseOnError)
                    {
                        throw new EntityMutationException(outcome.Status, outcome.ErrorCode, outcome.Detail ?? "Operation failed");
                    }

                    return new OperationsOutcome(false, results, []);
                }

                events.AddRange(opEvents);
            }

            transaction.Commit();
            return new OperationsOutcome(true, results, events);
        }

        foreach (var operation in operations)
        {
            using var transaction = engine.Store.Begin();
            var (outcome, opEvents) = Apply(engine, project, operation, actor, resolveUser);
            results.Add(outcome);
            if (outcome.Success)
            {
                transaction.Commit();
                events.AddRange(opEvents);
            }
        }

        return new OperationsOutcome(results.All(r => r.Success), results, events);
    }

    private static (OperationOutcome Outcome, IReadOnlyList<EntityEventDraft> Events) Apply(
        EntityEngine engine,
        string project,
        Operation operation,
        EntityActor actor,
        Func<string, EntityActor?> resolveUser)
    {
        var entityId = operation.EntityId;
        try
        {
            var opActor = actor;
            if (operation.AsUser is { } asUser)
            {
                if (!actor.IsService)
                {
                    throw EntityMutationException.Forbidden("Only service users may run operations as another user");
                }

                opActor = resolveUser(asUser) ?? throw EntityMutationException.NotFound($"User {asUser} not found");
            }

            IReadOnlyList<EntityEventDraft> events;
            int status;
            switch (operation.Type)
            {
                case "create":
                    var (created, createEvents) = engine.Create(project, operation.Kind, operation.Data, operation.EntityId, opActor);
                    entityId = EntityEngine.Str(created, "id");
                    events = createEvents;
                    status = 201;
                    break;
                case "update":
                    (_, events) = engine.Update(project, operation.Kind, operation.EntityId!, operation.Data, opActor, operation.Force);
                    status = 204;
                    break;
                default:
                    events = engine.Delete(project, operation.Kind, operation.EntityId!, opActor, operation.Force);
                    status = 204;
                    break;
            }

            if (!ReferenceEquals(opActor, actor))
            {
                events = [.. events.Select(e => e with { User = opActor.User })];
            }

            return (new OperationOutcome(operation.Id, operation.Type, operation.Kind.Name, entityId, true, status, null, null), events);
        }
        catch (EntityMutationException ex)
        {
            return (new OperationOutcome(operation.Id, operation.Type, operation.Kind.Name, entityId, false, ex.Status, ex.ErrorCode, ex.Message), []);
        }
    }

    private static List<Operation> Parse(JsonObject request)
    {
        if ((request["operations"] ?? request["Operations"]) is not JsonArray items)
        {
            throw EntityMutationException.BadRequest("Request validation error: 'operations' must be a list");
        }

        var result = new List<Operation>();
        var targets = new HashSet<(string, string)>();
        var index = 0;
        foreach (var item in items)
        {
            index++;
            if (item is not JsonObject op)
            {
                throw EntityMutationException.BadRequest($"Request validation error: operation {index} is not an object");
            }

            var type = Text(op, "type");
            if (type is not ("create" or "update" or "delete"))
            {
                throw EntityMutationException.BadRequest($"Request validation error: operation {index} has type '{type}', expected create, update or delete");
            }

            var kind = EntityKind.Find(Text(op, "entityType", "entity_type"))
                ?? throw EntityMutationException.BadRequest($"Request validation error: operation {index} has an unknown entityType '{Text(op, "entityType", "entity_type")}'");
            var entityId = Text(op, "entityId", "entity_id");
            if (entityId is not null && !EntityNames.EntityId().IsMatch(entityId))
            {
                throw EntityMutationException.BadRequest($"Request validation error: operation {index} has an invalid entityId '{entityId}'");
            }

            if (type != "create")
            {
                if (entityId is null)
                {
                    throw EntityMutationException.BadRequest($"Request validation error: operation {index} ({type} {kind.Name}) needs an entityId");
                }

                if (!targets.Add((kind.Name, entityId)))
                {
                    throw EntityMutationException.BadRequest($"Request validation error: duplicate {kind.Name} {entityId} in update/delete operations");
                }
            }

            var data = op["data"] as JsonObject;
            if (data is null && type != "delete")
            {
                throw EntityMutationException.BadRequest($"Request validation error: operation {index} ({type} {kind.Name}) needs data");
            }

            result.Add(new Operation(
                Text(op, "id") ?? EntityNames.NewId(),
                type,
                kind,
                entityId,
                (JsonObject?)data?.DeepClone() ?? [],
                op["force"] is JsonValue f && f.TryGetValue<bool>(out var force) && force,
                Text(op, "asUser", "as_user")));
        }

        return result;
    }

    private static string? Text(JsonObject body, string key, string? alias = null)
    {
        var node = body[key] ?? (alias is null ? null : body[alias]);
        return node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
    }

    private static bool Bool(JsonObject body, string key, string alias)
    {
        var node = body[key] ?? body[alias];
        return node is JsonValue v && v.TryGetValue<bool>(out var b) && b;
    }
}
