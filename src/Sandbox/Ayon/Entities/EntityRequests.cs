using System.Text.Json.Nodes;

namespace AyonFtrack.Sandbox.Ayon.Entities;

/// <summary>
/// Glue between the entity model and the emulator's request pipeline: builds an <see cref="EntityEngine"/>
/// over one unit of work, maps model failures to HTTP errors, and stores the produced events in the same
/// transaction as the change, after it (so they commit or roll back with it), with the request's envelope.
/// </summary>
internal static class EntityRequests
{
    public static EntityEngine Engine(AyonEmulator emulator, AyonDb db)
    {
        var attributes = new Lazy<IReadOnlyList<EntityAttribute>>(() => ReadAttributes(db));
        return new EntityEngine(new SqliteEntityStore(db), () => attributes.Value, db.Time, emulator.EntityEventOptions);
    }

    public static EntityActor Actor(AyonRequestContext context) =>
        new(context.UserName, context.IsService, context.IsAdmin, context.IsManager);

    /// <summary>Runs a mutation under the global lock; its events are stored after it in the same transaction.</summary>
    public static Task<T> WriteAsync<T>(
        AyonEmulator emulator,
        HttpContext http,
        Func<EntityEngine, EntityActor, AyonDb, (T Result, IReadOnlyList<EntityEventDraft> Events)> work,
        CancellationToken cancellationToken)
    {
        var context = http.Ayon();
        return emulator.Store.WriteAsync(db =>
        {
            try
            {
                var (result, events) = work(Engine(emulator, db), Actor(context), db);
                foreach (var draft in events)
                {
                    Publish(db, context, draft);
                }

                return result;
            }
            catch (EntityMutationException ex)
            {
                throw new AyonHttpException(ex.Status, ex.Message);
            }
        }, cancellationToken);
    }

    /// <summary>Runs a read under the global lock; model failures become HTTP errors.</summary>
    public static Task<T> ReadAsync<T>(AyonEmulator emulator, Func<EntityEngine, AyonDb, T> work, CancellationToken cancellationToken) =>
        emulator.Store.ReadAsync(db =>
        {
            try
            {
                return work(Engine(emulator, db), db);
            }
            catch (EntityMutationException ex)
            {
                throw new AyonHttpException(ex.Status, ex.Message);
            }
        }, cancellationToken);

    /// <summary>Stores one event with the §4.2 envelope: user = acting user, sender/senderType from the request.</summary>
    public static void Publish(AyonDb db, AyonRequestContext context, EntityEventDraft draft) =>
        AyonEventRows.Insert(db, AyonEventInsert.FromRequest(context, draft.Topic) with
        {
            Project = draft.Project,
            User = draft.User ?? context.UserName,
            Description = draft.Description,
            Summary = draft.Summary,
            Payload = draft.Payload,
        });

    /// <summary>A 32-hex path id, or the AYON 400 validation error.</summary>
    public static string RequireId(string id, string what) =>
        EntityNames.EntityId().IsMatch(id) ? id : throw new AyonBadRequestException($"{what} must be 32 lowercase hex characters");

    /// <summary>Attribute definitions of the emulator's <c>attributes</c> table (name, scope, inherit).</summary>
    public static IReadOnlyList<EntityAttribute> ReadAttributes(AyonDb db) =>
        db.Query("SELECT name, scope, data FROM attributes", r =>
        {
            var scope = r.JsonAt(1) as JsonArray ?? [];
            var data = r.JsonObjectAt(2) ?? [];
            var inherit = data["inherit"] is not JsonValue v || !v.TryGetValue<bool>(out var b) || b;
            return new EntityAttribute(r.GetString(0), scope.Select(s => s?.GetValue<string>() ?? "").ToHashSet(StringComparer.Ordinal), inherit);
        });
}
