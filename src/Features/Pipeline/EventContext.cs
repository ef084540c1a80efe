using AyonFtrack.Features.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AyonFtrack.Features.Pipeline;

/// <summary>
/// What the slices of one dispatched input share: the input itself and what the first slice that needed it read (the
/// event's project contexts, the sync's narrowed snapshot, the event user's roles). The dispatcher creates one per
/// input and hands it to every slice of that input through <see cref="EventContextAccessor"/>; a redelivered input
/// gets a new one, so it reads fresh state. Slices of one input run one at a time, so the context needs no gate; the
/// lock only keeps it safe should a handler read it from two tasks.
/// </summary>
public sealed class EventContext
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, object> _items = new(StringComparer.Ordinal);

    /// <summary>The context of <paramref name="input"/> dispatched on <paramref name="topic"/>.</summary>
    public EventContext(string topic, object? input)
    {
        ArgumentNullException.ThrowIfNull(topic);
        Topic = topic;
        Input = input;
    }

    /// <summary>The topic the input was dispatched on (empty for a standalone context).</summary>
    public string Topic { get; }

    /// <summary>The dispatched input (an <see cref="Common.FtrackEvent"/> in the processor); null for a standalone context.</summary>
    public object? Input { get; }

    /// <summary>The input when it is an ftrack event.</summary>
    public FtrackEvent? FtrackEvent => Input as FtrackEvent;

    /// <summary>A context of its own for a handler run outside a dispatch (tests, tools): it shares nothing.</summary>
    public static EventContext Standalone() => new("", null);

    /// <summary>The item under <paramref name="key"/>, created by <paramref name="create"/> the first time.</summary>
    public T GetOrAdd<T>(string key, Func<T> create)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(create);
        lock (_gate)
        {
            if (_items.TryGetValue(key, out var existing))
            {
                return (T)existing;
            }

            var created = create();
            _items[key] = created;
            return created;
        }
    }

    /// <summary>The item under <paramref name="key"/>, or null.</summary>
    public T? Find<T>(string key)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            return _items.TryGetValue(key, out var existing) ? (T)existing : null;
        }
    }

    /// <summary>Keeps <paramref name="value"/> under <paramref name="key"/> for the other slices of the input.</summary>
    public void Set<T>(string key, T value)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            _items[key] = value;
        }
    }

    /// <summary>Drops the item under <paramref name="key"/> (after a failure, so nothing half-applied is reused).</summary>
    public void Forget(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            _items.Remove(key);
        }
    }
}

/// <summary>
/// The event context of the current DI scope (scoped): the dispatcher sets it on each slice's scope; a scope opened
/// outside a dispatch gets a standalone context of its own.
/// </summary>
public sealed class EventContextAccessor
{
    /// <summary>The context of the input this scope's slice works on.</summary>
    public EventContext Current { get; set; } = EventContext.Standalone();
}

/// <summary>Registers the per-input event context.</summary>
public static class EventContextRegistration
{
    /// <summary>Adds <see cref="EventContextAccessor"/> and <see cref="EventContext"/> (both scoped; the context is the accessor's current one).</summary>
    public static IServiceCollection AddEventContext(this IServiceCollection services)
    {
        services.TryAddScoped<EventContextAccessor>();
        services.TryAddScoped(provider => provider.GetRequiredService<EventContextAccessor>().Current);
        return services;
    }
}
