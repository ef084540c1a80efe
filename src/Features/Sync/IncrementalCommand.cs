using FluentValidation;

namespace AyonFtrack.Features.Sync;

/// <summary>One ftrack entity a change slice works on, with its depth in the event's <c>parents</c> (deepest first for removals).</summary>
public sealed record ChangedEntity(string FtrackId, int Depth);

/// <summary>Shared shape rules and wiring of the change slices (kept out of each slice file).</summary>
internal static class IncrementalCommand
{
    /// <summary>The changed entities of <paramref name="changes"/> in one project, grouped by project, or null when none match.</summary>
    public static (string ProjectId, IReadOnlyList<ChangedEntity> Entities)? Collect(IEnumerable<EntityChange> changes, Func<EntityChange, bool> matches)
    {
        var matching = changes.Where(c => c.ProjectId is not null && matches(c)).ToList();
        if (matching.Count == 0)
        {
            return null;
        }

        var projectId = matching[0].ProjectId!;
        return (projectId, [.. matching.Where(c => c.ProjectId == projectId).DistinctBy(c => c.EntityId).Select(c => new ChangedEntity(c.EntityId, c.Depth))]);
    }

    /// <summary>Project id and at least one entity id.</summary>
    public static void Rules<T>(AbstractValidator<T> validator, Func<T, string> projectId, Func<T, IReadOnlyList<ChangedEntity>> entities)
    {
        validator.RuleFor(c => projectId(c)).NotEmpty().WithName("ProjectId");
        validator.RuleFor(c => entities(c)).NotEmpty().WithName("Entities");
        validator.RuleForEach(c => entities(c)).Must(e => !string.IsNullOrWhiteSpace(e.FtrackId)).WithName("Entities").WithMessage("Every changed entity needs its ftrack id.");
    }
}
