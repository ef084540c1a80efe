using System.Reflection;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AyonFtrack.Features.Pipeline;

/// <summary>
/// The route table of one process. Modules declare routes for every mode; the map keeps only the routes
/// of <see cref="Mode"/> and registers only their handlers, so a mode really runs only its own slices.
/// </summary>
public sealed class SliceMap
{
    /// <summary>The default priority of a route (ftrack's default subscriber priority).</summary>
    public const int DefaultPriority = 100;

    private readonly IServiceCollection _services;
    private readonly List<SliceRoute> _routes = [];
    private readonly Dictionary<Type, Type> _handlers = [];

    /// <summary>Creates the map for <paramref name="mode"/>, registering handlers into <paramref name="services"/>.</summary>
    public SliceMap(HostMode mode, IServiceCollection services)
    {
        Mode = mode;
        _services = services;
    }

    /// <summary>The running mode.</summary>
    public HostMode Mode { get; }

    /// <summary>
    /// The services of the running mode, for route helpers that register what their routes share (e.g. the server
    /// actions' descriptors that the one discover route answers from). Register only for <see cref="Mode"/>'s routes.
    /// </summary>
    public IServiceCollection Services => _services;

    /// <summary>The routes kept so far, in declaration order.</summary>
    public IReadOnlyList<SliceRoute> Routes => _routes;

    /// <summary>The running mode's enroll plan, when a module declared one (<see cref="Enroll"/>).</summary>
    public EnrollPlan? EnrollPlan { get; private set; }

    /// <summary>
    /// Declares what the one enroll worker of <paramref name="mode"/> enrolls (a mode has at most one plan). Ignored when
    /// <paramref name="mode"/> is not the running mode.
    /// </summary>
    public SliceMap Enroll(HostMode mode, EnrollPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (mode != Mode)
        {
            return this;
        }

        if (EnrollPlan is not null)
        {
            throw new InvalidOperationException(
                $"The {mode.ToName()} mode already enrolls into {EnrollPlan.TargetTopic}; a second enroll plan ({plan.TargetTopic}) cannot be added.");
        }

        EnrollPlan = plan;
        return this;
    }

    /// <summary>
    /// Declares that in <paramref name="mode"/>, inputs of type <typeparamref name="TInput"/> on <paramref name="topic"/>
    /// go through <paramref name="from"/> to <typeparamref name="THandler"/>. Ignored when <paramref name="mode"/> is not the running mode.
    /// </summary>
    public SliceMap On<TInput, TCommand, THandler>(HostMode mode, string topic, Func<TInput, TCommand?> from, int priority = DefaultPriority)
        where TInput : class
        where TCommand : class, IRequest<Unit>
        where THandler : class, IRequestHandler<TCommand, Unit>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentNullException.ThrowIfNull(from);
        if (mode != Mode)
        {
            return this;
        }

        if (_handlers.TryGetValue(typeof(TCommand), out var existing))
        {
            if (existing != typeof(THandler))
            {
                throw new InvalidOperationException(
                    $"{typeof(TCommand).FullName} already has the handler {existing.FullName}; {typeof(THandler).FullName} cannot be added as a second one.");
            }
        }
        else
        {
            _handlers.Add(typeof(TCommand), typeof(THandler));
            _services.AddScoped<IRequestHandler<TCommand, Unit>, THandler>();
            AddNestedValidators(typeof(TCommand));
        }

        _routes.Add(new SliceRoute(
            mode,
            topic,
            priority,
            SliceName(typeof(TCommand)),
            typeof(TInput),
            typeof(TCommand),
            typeof(THandler),
            input => input is TInput typed ? from(typed) : null));
        return this;
    }

    /// <summary>
    /// Registers the validators of <paramref name="commandType"/> that its slice declares beside it (nested in the same
    /// class, as the house style puts a slice's Validator). Only the running mode's slices are looked at: scanning the
    /// whole Features assembly loads every one of its ~2,000 types and costs the process several MB of type data.
    /// </summary>
    private void AddNestedValidators(Type commandType)
    {
        var validatorType = typeof(IValidator<>).MakeGenericType(commandType);
        var siblings = commandType.DeclaringType?.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic) ?? [];
        foreach (var type in siblings.Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false } && validatorType.IsAssignableFrom(t)))
        {
            _services.TryAddEnumerable(ServiceDescriptor.Singleton(validatorType, type));
        }
    }

    /// <summary>
    /// The slice's name as <c>Area.Slice</c>: the command's declaring static class, in the last segment of its namespace
    /// (<c>AyonFtrack.Features.Statuses.TaskToParentStatus.Command</c> is <c>Statuses.TaskToParentStatus</c>).
    /// </summary>
    public static string SliceName(Type commandType)
    {
        ArgumentNullException.ThrowIfNull(commandType);
        var slice = commandType.DeclaringType ?? commandType;
        var ns = slice.Namespace ?? "";
        var area = ns[(ns.LastIndexOf('.') + 1)..];
        return area.Length == 0 ? slice.Name : $"{area}.{slice.Name}";
    }
}
