using MediatR;

namespace AyonFtrack.Features.Pipeline;

/// <summary>
/// One route: in <see cref="Mode"/>, an input on a topic matching <see cref="Topic"/> is turned by the slice's
/// pure <c>From</c> filter into its command (or into nothing when the slice does not apply).
/// </summary>
/// <param name="Mode">The mode that runs this route.</param>
/// <param name="Topic">The topic pattern: an exact topic, <c>*</c> for all, or a prefix ending in <c>*</c> (e.g. <c>entity.folder.*</c>).</param>
/// <param name="Priority">Lower runs first; routes of equal priority run in declaration order.</param>
/// <param name="Slice">The slice's name, <c>Area.Slice</c>, used in logs, telemetry and job failure reasons.</param>
/// <param name="InputType">The input the filter reads (e.g. <c>FtrackEvent</c>).</param>
/// <param name="CommandType">The command the filter builds.</param>
/// <param name="HandlerType">The handler registered for the command in this mode.</param>
/// <param name="Build">The filter, boxed: input in, command or null out.</param>
public sealed record SliceRoute(
    HostMode Mode,
    string Topic,
    int Priority,
    string Slice,
    Type InputType,
    Type CommandType,
    Type HandlerType,
    Func<object, IRequest<Unit>?> Build)
{
    /// <summary>True when <paramref name="topic"/> is one this route listens to.</summary>
    public bool Matches(string topic) => TopicPattern.Matches(Topic, topic);

    /// <inheritdoc />
    public override string ToString() => $"{Mode.ToName()} {Topic} {Priority} {Slice}";
}

/// <summary>Topic patterns of routes: exact, <c>*</c>, or a prefix followed by <c>*</c>.</summary>
public static class TopicPattern
{
    /// <summary>Matches <paramref name="topic"/> against <paramref name="pattern"/>, ordinal and case-sensitive like the servers.</summary>
    public static bool Matches(string pattern, string topic)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(topic);
        if (pattern == "*")
        {
            return true;
        }

        return pattern.EndsWith('*')
            ? topic.StartsWith(pattern[..^1], StringComparison.Ordinal)
            : string.Equals(pattern, topic, StringComparison.Ordinal);
    }
}
