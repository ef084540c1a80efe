using System.Text.Json.Nodes;
using AyonFtrack.Sandbox.Ayon.GraphQl;

namespace AyonFtrack.Sandbox.Ayon.Entities;

/// <summary>
/// The <c>links</c> field of entity nodes (AYON's <c>folders { edges { node { links(direction:, linkTypes:) { edges { ... } } } } }</c>):
/// each edge is one link seen from the entity, with <c>id</c>, <c>linkType</c>, <c>direction</c> (<c>in</c>: the entity is
/// the output; <c>out</c>: the input), <c>entityId</c>/<c>entityType</c> (the other end), <c>name</c> and <c>author</c>.
/// </summary>
internal static class LinkGraphQl
{
    /// <summary>Adds <c>links</c> to the node when the query selects it under <c>edges.node</c>.</summary>
    public static void Attach(EntityEngine engine, string project, GqlField connectionField, JsonObject node, ref IReadOnlyList<JsonObject>? projectLinks)
    {
        if (connectionField.Child("edges")?.Child("node")?.Child("links") is not { } linksField)
        {
            return;
        }

        projectLinks ??= [.. engine.Store.ListDocuments(EntityCollections.Links, project)];
        var id = EntityEngine.Str(node, "id");
        var direction = linksField.StringArg("direction");
        var types = linksField.StringsArg("linkTypes");
        var edges = new JsonArray();
        foreach (var link in projectLinks)
        {
            var linkType = EntityEngine.Str(link, "linkType") ?? "";
            if (types is not null && !types.Contains(linkType) && !types.Contains(linkType.Split('|')[0]))
            {
                continue;
            }

            foreach (var (side, self, other, otherType) in new[] { ("out", "input", "output", "outputType"), ("in", "output", "input", "inputType") })
            {
                if (EntityEngine.Str(link, self) == id && (direction is null || direction == side))
                {
                    edges.Add(new JsonObject
                    {
                        ["id"] = link["id"]?.DeepClone(),
                        ["linkType"] = linkType,
                        ["direction"] = side,
                        ["entityId"] = link[other]?.DeepClone(),
                        ["entityType"] = link[otherType]?.DeepClone(),
                        ["name"] = link["name"]?.DeepClone(),
                        ["author"] = link["author"]?.DeepClone(),
                    });
                }
            }
        }

        node["links"] = new JsonObject
        {
            ["edges"] = edges,
            ["pageInfo"] = new JsonObject { ["hasNextPage"] = false, ["endCursor"] = null },
        };
    }
}
