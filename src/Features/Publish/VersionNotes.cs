using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Server.Settings;

namespace AyonFtrack.Features.Publish;

/// <summary>
/// PUB-16 <c>IntegrateFtrackDescription</c> (the description template written to each integrated AssetVersion's
/// comment) and PUB-17 <c>IntegrateFtrackNote</c> (one note per integrated AssetVersion, by the ftrack user, with the
/// configured labels that exist). An unsolved or empty template writes nothing. Idempotent: the same comment is not
/// written again and a note with the same text on the version is not added twice.
/// </summary>
public static class VersionNotes
{
    /// <summary>The description text, or null with why.</summary>
    public static (string? Text, string Reason) DecideDescription(IntegrateFtrackDescriptionSettings settings, string? comment, JsonNode? intent)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrEmpty(settings.DescriptionTemplate))
        {
            return (null, "the description template is empty");
        }

        var intentText = intent switch
        {
            JsonObject o when FtrackValue.ReadString(o["value"]) is { Length: > 0 } value => FtrackValue.ReadString(o["label"]) is { Length: > 0 } label ? label : value,
            JsonValue v when FtrackValue.ReadString(v) is { Length: > 0 } text => text,
            _ => null,
        };
        if (string.IsNullOrEmpty(comment) && intentText is null)
        {
            return (null, "intent and comment are empty");
        }

        var filled = TextTemplate.Format(settings.DescriptionTemplate, new Dictionary<string, string?> { ["comment"] = comment, ["intent"] = intentText });
        return !filled.Solved ? (null, $"the template needs {string.Join(", ", filled.MissingKeys)}")
            : filled.Text.Length == 0 ? (null, "the template gives an empty text")
            : (filled.Text, "template");
    }

    /// <summary>The note text of one version, or null with why.</summary>
    public static (string? Text, string Reason) DecideNote(IntegrateFtrackNoteSettings settings, PublishContext context, PublishInstance instance, IEnumerable<string> publishedPaths)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(instance);
        var values = new Dictionary<string, string?>
        {
            ["host_name"] = context.HostName,
            ["app_name"] = context.AppName,
            ["app_label"] = context.AppLabel,
            ["source"] = instance.Source,
            ["comment"] = instance.Comment,
            ["published_paths"] = string.Join("<br/>", publishedPaths.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)),
        };
        var filled = TextTemplate.Format(settings.NoteTemplate, values);
        return !filled.Solved ? (null, $"the template needs {string.Join(", ", filled.MissingKeys)}")
            : filled.Text.Length == 0 ? (null, "the template gives an empty text")
            : (filled.Text, "template");
    }

    /// <summary>PUB-16 step.</summary>
    public static async Task<JsonObject> RunDescriptionAsync(PublishInput input, FtrackSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(session);
        var settings = input.ReadSettings().Publish.IntegrateFtrackDescription;
        var result = new JsonArray();
        foreach (var instance in input.Instances)
        {
            var (text, reason) = DecideDescription(settings, instance.Comment, input.Context.Intent);
            var changed = new JsonArray();
            if (text is not null && instance.AssetVersionIds.Count > 0)
            {
                var versions = await session.QueryAsync(FtrackQuery.From("AssetVersion").Select("id", "comment").Where(FtrackFilter.In("id", instance.AssetVersionIds)), cancellationToken);
                foreach (var version in versions.Where(v => v.GetString("comment") != text))
                {
                    session.Update(version.Ref, new Dictionary<string, object?> { ["comment"] = text });
                    changed.Add(version.Id);
                }

                await session.CommitAsync(cancellationToken);
            }

            result.Add(new JsonObject { ["label"] = instance.Label, ["description"] = text, ["reason"] = reason, ["changed"] = changed });
        }

        return new JsonObject { ["instances"] = result };
    }

    /// <summary>PUB-17 step.</summary>
    public static async Task<JsonObject> RunNoteAsync(PublishInput input, FtrackSession session, string apiUser, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(session);
        var settings = input.ReadSettings().Publish.IntegrateFtrackNote;
        var result = new JsonArray();
        var user = await session.QueryFirstAsync(FtrackQuery.From("User").Select("id").Where(FtrackFilter.Is("username", apiUser)), cancellationToken);
        var labels = new List<FtrackEntity>();
        var missingLabels = new JsonArray();
        if (settings.NoteLabels.Count > 0)
        {
            var all = await session.QueryAsync(FtrackQuery.From("NoteLabel").Select("id", "name"), cancellationToken);
            foreach (var wanted in settings.NoteLabels)
            {
                if (all.FirstOrDefault(l => string.Equals(l.GetString("name"), wanted, StringComparison.OrdinalIgnoreCase)) is { } label)
                {
                    labels.Add(label);
                }
                else
                {
                    missingLabels.Add(wanted);
                }
            }
        }

        foreach (var instance in input.Instances)
        {
            var notes = new JsonArray();
            string? reason = null;
            foreach (var versionId in instance.AssetVersionIds)
            {
                var paths = instance.Components.Select(c => c.ComponentPath);
                var (text, why) = DecideNote(settings, input.Context, instance, paths);
                reason = why;
                if (text is null)
                {
                    continue;
                }

                var existing = await session.QueryFirstAsync(
                    FtrackQuery.From("Note").Select("id").Where(FtrackFilter.All(FtrackFilter.Is("parent_id", versionId), FtrackFilter.Is("content", text))), cancellationToken);
                if (existing is not null)
                {
                    notes.Add(existing.Id);
                    continue;
                }

                var note = session.Create("Note", new Dictionary<string, object?>
                {
                    ["content"] = text,
                    ["parent_id"] = versionId,
                    ["parent_type"] = "AssetVersion",
                    ["user_id"] = user?.Id,
                });
                foreach (var label in labels)
                {
                    session.Create("NoteLabelLink", new Dictionary<string, object?> { ["note_id"] = note.Id, ["label_id"] = label.Id });
                }

                await session.CommitAsync(cancellationToken);
                notes.Add(note.Id);
            }

            result.Add(new JsonObject { ["label"] = instance.Label, ["notes"] = notes, ["reason"] = reason, ["missingLabels"] = missingLabels.DeepClone() });
        }

        return new JsonObject { ["instances"] = result };
    }
}
