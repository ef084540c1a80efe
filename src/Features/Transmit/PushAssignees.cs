using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Pipeline;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Transmit;

/// <summary>
/// T-03: AYON task assignees pushed to ftrack as <c>Appointment</c>s of type <c>assignment</c> (Python origin:
/// <c>services/transmitter/transmitter/logic.py</c>, assignee updates). The task's current assignees are read from
/// AYON; users without an ftrack counterpart are ignored, and ftrack assignments of users that AYON does not know
/// stay as they are.
/// </summary>
public static class PushAssignees
{
    private const string Slice = "Transmit.PushAssignees";

    /// <summary>Push the assignees of one task; <c>Involved</c> holds every user the event names (old and new), so a removed user's appointment can go.</summary>
    public sealed record Command(string Project, string TaskId, IReadOnlyList<string> Involved) : ICommand;

    /// <summary>An ftrack appointment: id and user.</summary>
    public sealed record Appointment(string Id, string ResourceId);

    /// <summary>What to change: users to assign, appointments to delete.</summary>
    public sealed record Decision(IReadOnlyList<string> Assign, IReadOnlyList<string> Unassign);

    /// <summary><c>entity.task.assignees_changed</c>.</summary>
    public static Command? From(AyonEvent e)
    {
        var change = AyonChange.From(e);
        if (change is not { EntityType: "task", Change: "assignees_changed" })
        {
            return null;
        }

        var involved = Names(change.OldValue).Concat(Names(change.NewValue)).Distinct(StringComparer.Ordinal).ToArray();
        return new Command(change.Project, change.EntityId, involved);
    }

    /// <summary>
    /// Assign the mapped current assignees that are not assigned yet; delete the appointments of mapped users that are
    /// no longer assignees.
    /// </summary>
    public static Decision Decide(IReadOnlyCollection<string> assignees, IReadOnlyCollection<string> involved, IReadOnlyDictionary<string, string> userMap, IReadOnlyList<Appointment> existing)
    {
        ArgumentNullException.ThrowIfNull(assignees);
        ArgumentNullException.ThrowIfNull(involved);
        ArgumentNullException.ThrowIfNull(userMap);
        ArgumentNullException.ThrowIfNull(existing);
        var wanted = assignees.Select(a => userMap.GetValueOrDefault(a)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var known = involved.Concat(assignees).Select(a => userMap.GetValueOrDefault(a)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var assigned = existing.Select(a => a.ResourceId).ToHashSet(StringComparer.Ordinal);
        return new Decision(
            [.. wanted.Where(u => !assigned.Contains(u)).Order(StringComparer.Ordinal)],
            [.. existing.Where(a => known.Contains(a.ResourceId) && !wanted.Contains(a.ResourceId)).Select(a => a.Id)]);
    }

    private static IEnumerable<string> Names(JsonNode? node) =>
        node is JsonArray array ? array.Select(AyonChange.Text).OfType<string>() : [];

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.TaskId).NotEmpty().WithMessage("the AYON event names no task");
    }

    internal sealed class Handler(IAyonApi ayon, FtrackSession session, TransmitReadCache cache, ILogger<Handler> logger) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var task = await Counterparts.ReadAyonAsync(ayon, request.Project, "task", request.TaskId, cancellationToken);
            if (task is null)
            {
                TransmitLog.AyonEntityGone(logger, Slice, "task", request.TaskId, request.Project);
                return Unit.Value;
            }

            var ftTask = await Counterparts.ResolveAsync(ayon, session, request.Project, task, ["id"], cancellationToken);
            if (ftTask is null)
            {
                TransmitLog.NoCounterpart(logger, Slice, "task", request.TaskId, request.Project);
                return Unit.Value;
            }

            var userMap = await cache.UserMapAsync(ayon, session, [.. request.Involved.Concat(task.Assignees)], cancellationToken);
            var existing = await session.QueryAsync(
                FtrackQuery.From("Appointment").Select("id", "resource_id", "context_id", "type")
                    .Where(FtrackFilter.Is("context_id", ftTask.Id).And(FtrackFilter.Is("type", "assignment"))),
                r => new Appointment(r.Id, r.GetString("resource_id") ?? ""),
                cancellationToken);
            var decision = Decide(task.Assignees, request.Involved, userMap, existing);
            foreach (var user in decision.Assign)
            {
                session.Create("Appointment", new Dictionary<string, object?>
                {
                    ["context_id"] = ftTask.Id,
                    ["resource_id"] = user,
                    ["type"] = "assignment",
                });
            }

            foreach (var appointment in decision.Unassign)
            {
                session.Delete(FtrackEntityRef.Of("Appointment", appointment));
            }

            await cache.CommitAsync(session, cancellationToken);
            TransmitLog.Pushed(logger, Slice, "task", request.TaskId, ftTask.Id, decision.Assign.Count + decision.Unassign.Count);
            return Unit.Value;
        }
    }
}
