using System.Reflection;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace AyonFtrack.Features.Pipeline;

/// <summary>
/// Wires MediatR 5.1.0 by hand (it has no DI package that restores here), the two behaviours, validators and the routes
/// of one mode. Mapster is registered apart (<see cref="MappingRegistration"/>), only in the modes that map.
/// </summary>
public static class PipelineRegistration
{
    /// <summary>
    /// Registers the slice pipeline for <paramref name="mode"/>: every module maps its routes, only the mode's
    /// handlers are registered, and the frozen <see cref="SliceRoutes"/> plus the <see cref="SliceDispatcher"/> are added.
    /// A slice's validators are the ones nested beside its command (<see cref="SliceMap"/> registers them with the route);
    /// integrators' assemblies are also scanned whole, so a validator of theirs may live anywhere in them. The Features
    /// assembly is not scanned (it would load all its types into every mode).
    /// </summary>
    public static SliceRoutes AddSlicePipeline(this IServiceCollection services, HostMode mode, IEnumerable<ISliceModule> modules)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(modules);

        // Scoped, never singleton: handlers must come from the scope the dispatcher opens for each command.
        services.AddScoped<ServiceFactory>(provider => type =>
            provider.GetService(type) ?? throw new InvalidOperationException($"No service of type {type} is registered in the {mode.ToName()} mode."));
        services.AddScoped<IMediator, Mediator>();
        services.AddEventContext();

        // Registration order is nesting order: telemetry is outermost, validation runs inside it.
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(TelemetryBehavior<,>));
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));

        var map = new SliceMap(mode, services);
        var list = modules.ToList();
        foreach (var module in list)
        {
            module.Map(map);
        }

        foreach (var assembly in AssembliesOf(list).Where(a => a != typeof(PipelineRegistration).Assembly))
        {
            services.AddValidatorsFromAssembly(assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        }

        var routes = new SliceRoutes(mode, map.Routes, map.EnrollPlan);
        services.AddSingleton(routes);
        services.AddOptions<FailureOptions>();
        services.AddSingleton<SliceDispatcher>();
        return routes;
    }

    /// <summary>The assemblies slices come from: the Features assembly and each module's, once each, in order.</summary>
    public static IReadOnlyList<Assembly> AssembliesOf(IEnumerable<ISliceModule> modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        var assemblies = new List<Assembly> { typeof(PipelineRegistration).Assembly };
        foreach (var assembly in modules.Select(m => m.GetType().Assembly).Where(a => !assemblies.Contains(a)))
        {
            assemblies.Add(assembly);
        }

        return assemblies;
    }
}
