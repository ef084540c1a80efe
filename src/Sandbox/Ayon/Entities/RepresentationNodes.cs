using System.Text.Json.Nodes;

namespace AyonFtrack.Sandbox.Ayon.Entities;

/// <summary>
/// The representation fields of ayon-backend's GraphQL <c>RepresentationNode</c> (<c>graphql/nodes/representation.py</c>):
/// <c>context</c> is the JSON text of <c>data.context</c> (<c>"{}"</c> without one), <c>fileCount</c>, and each file has a
/// <c>name</c> (the base name of its path when not stored) and its <c>size</c> as a string (GraphQL's int is too small).
/// </summary>
internal static class RepresentationNodes
{
    public static void Decorate(JsonObject node, JsonObject entity)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(entity);
        node["context"] = ((entity["data"] as JsonObject)?["context"] as JsonObject ?? []).ToJsonString();
        var files = new JsonArray();
        foreach (var file in (entity["files"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var path = EntityEngine.Str(file, "path") ?? "";
            files.Add(new JsonObject
            {
                ["id"] = file["id"]?.DeepClone(),
                ["name"] = EntityEngine.Str(file, "name") ?? path[(path.LastIndexOfAny(['/', '\\']) + 1)..],
                ["path"] = path,
                ["hash"] = file["hash"]?.DeepClone(),
                ["size"] = file["size"]?.ToJsonString().Trim('"') ?? "0",
                ["hashType"] = file["hashType"]?.DeepClone() ?? file["hash_type"]?.DeepClone() ?? "md5",
            });
        }

        node["files"] = files;
        node["fileCount"] = files.Count;
    }
}
