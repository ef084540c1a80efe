using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Features.Sync.Loaders;
using AyonFtrack.Features.Sync.Planning;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Sync;

/// <summary>
/// A user given or taken a role on a <b>private</b> ftrack project (<c>userroleproject</c> add/remove) gets or loses
/// access to the AYON project of that name: an artist's <c>data.accessGroups[project]</c> becomes their
/// <c>defaultAccessGroups</c> when it was empty, and is emptied on removal (AYON drops the empty entry). Admins,
/// managers and service users are left alone (they see every project); public projects, projects AYON does not have and
/// ftrack users with no AYON user are skipped. Idempotent: an artist who has groups on the project keeps them, one
/// without is not patched again.
/// Python origin: <c>services/processor/processor/default_handlers/event_users_sync_from_ftrack.py</c>. Differences:
/// only <c>data.accessGroups</c> is sent (AYON replaces that key as a whole; the original sent the whole <c>data</c>,
/// which a manager's key may not change in part), and the AYON users are listed once for all changes of the event.
/// </summary>
public static partial class UsersSyncFromFtrack
{
    /// <summary>A role of <paramref name="FtrackUserId"/> on <paramref name="FtrackProjectId"/> added, or removed when <paramref name="Removed"/>.</summary>
    public sealed record RoleChange(string FtrackUserId, string FtrackProjectId, bool Removed);

    public sealed record Command(IReadOnlyList<RoleChange> Changes) : ICommand;

    /// <summary>
    /// <c>userroleproject</c> items naming a user in <c>parents</c> and a <c>project_id</c> (new, or old when removed);
    /// the last item per user and project wins.
    /// </summary>
    public static Command? From(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Topic != Topics.FtrackUpdate)
        {
            return null;
        }

        var changes = new Dictionary<(string User, string Project), bool>();
        foreach (var item in e.Entities.Where(i => i.ValueKind == JsonValueKind.Object && Str(i, "entityType") == "userroleproject"))
        {
            var user = item.TryGetProperty("parents", out var parents) && parents.ValueKind == JsonValueKind.Array
                ? parents.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.Object && Str(p, "entityType") == "user").Select(p => Str(p, "entityId")).FirstOrDefault(id => id is { Length: > 0 })
                : null;
            if (user is null || !item.TryGetProperty("changes", out var itemChanges) || itemChanges.ValueKind != JsonValueKind.Object
                || !itemChanges.TryGetProperty("project_id", out var project) || project.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var added = Str(project, "new");
            if ((added ?? Str(project, "old")) is { Length: > 0 } projectId)
            {
                changes[(user, projectId)] = added is null;
            }
        }

        return changes.Count == 0 ? null : new Command([.. changes.Select(c => new RoleChange(c.Key.User, c.Key.Project, c.Value))]);
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Changes).NotEmpty();
            RuleForEach(c => c.Changes).Must(c => !string.IsNullOrWhiteSpace(c.FtrackUserId) && !string.IsNullOrWhiteSpace(c.FtrackProjectId))
                .WithMessage("Every project role change needs its ftrack user and project.");
        }
    }

    /// <summary>
    /// The artist's new <c>accessGroups</c> after the role changes <paramref name="removedByProject"/> (AYON project
    /// name → removed), or null when nothing changes: an added project with no groups gets <paramref name="defaults"/>;
    /// a removed project that has groups gets an empty list (the server drops it).
    /// </summary>
    internal static JsonObject? Decide(JsonObject? accessGroups, IReadOnlyList<string> defaults, IReadOnlyDictionary<string, bool> removedByProject)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(removedByProject);
        var result = (JsonObject?)accessGroups?.DeepClone() ?? [];
        var changed = false;
        foreach (var (project, removed) in removedByProject)
        {
            var has = result[project] is JsonArray { Count: > 0 };
            if (removed && has)
            {
                result[project] = new JsonArray();
                changed = true;
            }
            else if (!removed && !has && defaults.Count > 0)
            {
                result[project] = new JsonArray([.. defaults.Distinct(StringComparer.Ordinal).Select(g => (JsonNode)JsonValue.Create(g))]);
                changed = true;
            }
        }

        return changed ? result : null;
    }

    internal sealed partial class Handler(FtrackSession session, IAyonApi ayon, ILogger<Handler> logger) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var projectIds = request.Changes.Select(c => c.FtrackProjectId).Distinct(StringComparer.Ordinal).ToList();
            var privateNames = (await session.QueryAsync(
                    FtrackQuery.From(FtrackEntityTypes.Project).Select("id", "full_name", "is_private").Where(FtrackFilter.In("id", projectIds)),
                    p => (p.Id, Name: p.GetString("full_name"), Private: p.GetBoolean("is_private") == true),
                    cancellationToken))
                .Where(p => p.Private && p.Name is { Length: > 0 })
                .ToDictionary(p => p.Id, p => p.Name!, StringComparer.Ordinal);
            var inAyon = privateNames.Count == 0
                ? []
                : (await ayon.GetProjectsAsync(null, cancellationToken)).Projects.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            var projects = privateNames.Where(p => inAyon.Contains(p.Value)).ToDictionary(StringComparer.Ordinal);
            if (projects.Count == 0)
            {
                Log.Skipped(logger, request.Changes.Count, "no private ftrack project of the changes exists in AYON");
                return Unit.Value;
            }

            var changes = request.Changes.Where(c => projects.ContainsKey(c.FtrackProjectId)).ToList();
            var artists = (await ayon.ListUsersAsync(new UserFilter(), cancellationToken)).Where(u => !u.IsAdmin && !u.IsManager && !u.IsService).ToList();
            var userIds = changes.Select(c => c.FtrackUserId).Distinct(StringComparer.Ordinal).ToList();
            var ftrackUsers = artists.Count == 0 ? [] : await session.QueryAsync(
                FtrackQuery.From(FtrackEntityTypes.User).Select("id", "username", "email").Where(FtrackFilter.In("id", userIds)),
                u => new FtrackUserInfo(u.Id, u.GetString("username"), u.GetString("email")),
                cancellationToken);
            var names = AssigneeRules.UserMapping(artists, ftrackUsers);
            foreach (var (ftrackId, name) in names)
            {
                var removedByProject = changes.Where(c => c.FtrackUserId == ftrackId).ToDictionary(c => projects[c.FtrackProjectId], c => c.Removed, StringComparer.Ordinal);
                using var user = await ayon.GetUserAsync(name, cancellationToken);
                if (!user.IsSuccessful || user.Content is null)
                {
                    throw new SyncException($"AYON answered {user.StatusCode} reading user '{name}'.");
                }

                var defaults = user.Content.Data["defaultAccessGroups"] is JsonArray array
                    ? array.Select(g => g is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList()
                    : [];
                if (Decide(user.Content.Data["accessGroups"] as JsonObject, defaults, removedByProject) is not { } groups)
                {
                    continue;
                }

                await ayon.PatchUserAsync(name, new UserPatch { Data = new JsonObject { ["accessGroups"] = groups } }, cancellationToken);
                Log.Updated(logger, name, removedByProject.Count);
            }

            return Unit.Value;
        }

        private static partial class Log
        {
            [LoggerMessage(EventId = 2061, Level = LogLevel.Information, Message = "Users sync: access groups of AYON user {User} follow {Projects} private project role change(s)")]
            public static partial void Updated(ILogger logger, string user, int projects);

            [LoggerMessage(EventId = 2062, Level = LogLevel.Debug, Message = "Users sync: {Changes} project role change(s) skipped: {Reason}")]
            public static partial void Skipped(ILogger logger, int changes, string reason);
        }
    }

    private static string? Str(JsonElement json, string key) =>
        json.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
