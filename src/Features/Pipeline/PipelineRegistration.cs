using System.Reflection;
using FluentValidation;
using Mapster;
using MapsterMapper;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace AyonFtrack.Features.Pipeline;

/// <summary>
/// Wires MediatR 5.1.0 by hand (it has no DI package that restores here), the two behaviours, validators, Mapster,
/// and the routes of one mode.
/// </summary>
public static class PipelineRegistration
{
    /// <summary>
    /// Registers the slice pipeline for <paramref name="mode"/>: every module maps its routes, only the mode's
    /// handlers are registered, and the frozen <see cref="SliceRoutes"/> plus the <see cref="SliceDispatcher"/> are added.
    /// Validators and Mapster registrations are read from the modules' assemblies.
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
        var assemblies = new List<Assembly> { typeof(PipelineRegistration).Assembly };
        foreach (var module in modules)
        {
            module.Map(map);
            if (!assemblies.Contains(module.GetType().Assembly))
            {
                assemblies.Add(module.GetType().Assembly);
            }
        }

        foreach (var assembly in assemblies)
        {
            services.AddValidatorsFromAssembly(assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        }

        services.AddSingleton(BuildMappingConfig(assemblies));
        services.AddSingleton<IMapper>(provider => new Mapper(provider.GetRequiredService<TypeAdapterConfig>()));

        var routes = new SliceRoutes(mode, map.Routes);
        services.AddSingleton(routes);
        services.AddOptions<FailureOptions>();
        services.AddSingleton<SliceDispatcher>();
        return routes;
    }

    /// <summary>One Mapster configuration (never the global one) in which an unmapped member fails at start-up.</summary>
    public static TypeAdapterConfig BuildMappingConfig(IEnumerable<Assembly> assemblies)
    {
        var config = new TypeAdapterConfig { RequireDestinationMemberSource = true };
        config.Scan([.. assemblies]);
        config.Compile();
        return config;
    }
}
