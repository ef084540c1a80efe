using System.Text.Json.Nodes;

namespace AyonFtrack.Sandbox.Ayon.Entities;

/// <summary>Collections of <see cref="IEntityStore"/> documents.</summary>
internal static class EntityCollections
{
    public const string Activities = "activities";
    public const string Lists = "lists";
    public const string Links = "links";
    public const string Thumbnails = "thumbnails";
    public const string AccessGroups = "accessGroups";
    public const string BackgroundOperations = "backgroundOperations";
}

/// <summary>
/// The entity part of the AYON emulator (ayon-protocol.md §3, §4): projects, project-level entities,
/// operations, users, access groups, links, thumbnails, activities and entity lists over REST, and the
/// GraphQL fields <c>users</c> and <c>project { folders tasks products versions representations activities entityLists }</c>.
/// Deliberate deviation: events are stored synchronously before the response (the real server dispatches
/// them after the response unless <c>waitForEvents</c>), which keeps tests deterministic.
/// </summary>
internal sealed class AyonEntitiesModule : IAyonEmulatorModule
{
    public int Order => 10;

    public void Initialize(AyonEmulator emulator, AyonDb db)
    {
        SqliteEntityStore.CreateSchema(db);
        var store = new SqliteEntityStore(db);
        foreach (var group in new[] { "artist", "supervisor", "viewer" })
        {
            store.PutDocument(EntityCollections.AccessGroups, null, group, new JsonObject { ["name"] = group, ["isProjectLevel"] = false });
        }

        emulator.GraphQl.ProjectExists = (d, name) => new SqliteEntityStore(d).GetProject(name) is not null;
        EntityGraphQl.Register(emulator);
    }

    public void Map(IEndpointRouteBuilder routes, AyonEmulator emulator)
    {
        ProjectEndpoints.Map(routes, emulator);
        EntityEndpoints.Map(routes, emulator);
        UserEndpoints.Map(routes, emulator);
        ActivityEndpoints.Map(routes, emulator);
        EntityListEndpoints.Map(routes, emulator);
        LinkEndpoints.Map(routes, emulator);
    }
}
