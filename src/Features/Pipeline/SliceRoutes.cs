namespace AyonFtrack.Features.Pipeline;

/// <summary>The running mode's routes and enroll plan, frozen after composition; a singleton.</summary>
public sealed class SliceRoutes
{
    private readonly SliceRoute[] _ordered;

    /// <summary>Freezes <paramref name="routes"/> of <paramref name="mode"/>, ordered by priority then declaration, and its enroll plan.</summary>
    public SliceRoutes(HostMode mode, IEnumerable<SliceRoute> routes, EnrollPlan? enroll = null)
    {
        Mode = mode;
        Enroll = enroll;
        _ordered = [.. routes.Select((route, index) => (route, index)).OrderBy(x => x.route.Priority).ThenBy(x => x.index).Select(x => x.route)];
    }

    /// <summary>The running mode.</summary>
    public HostMode Mode { get; }

    /// <summary>What the mode's enroll worker enrolls; null when the mode has no job queue.</summary>
    public EnrollPlan? Enroll { get; }

    /// <summary>All routes in the order they run.</summary>
    public IReadOnlyList<SliceRoute> All => _ordered;

    /// <summary>The routes listening to <paramref name="topic"/>, in the order they run.</summary>
    public IEnumerable<SliceRoute> For(string topic) => _ordered.Where(route => route.Matches(topic));
}
