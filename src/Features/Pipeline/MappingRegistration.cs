using System.Reflection;
using System.Runtime.CompilerServices;
using Mapster;
using MapsterMapper;
using Microsoft.Extensions.DependencyInjection;

namespace AyonFtrack.Features.Pipeline;

/// <summary>
/// Mapster, for integrators' slices (the processor's custom handlers): one configuration, never the global one, built
/// from the registrations the host passes and the <see cref="IRegister"/> classes of the modules' assemblies, and
/// compiled when it is registered, so a mapping with a destination member nothing fills stops the start with Mapster's
/// error naming both types. The built-in slices map by hand (compiling a first mapping costs a process ~9 MB, issue 15),
/// so the leecher, the transmitter and a processor without custom handlers never call this and never load Mapster.
/// </summary>
public static class MappingRegistration
{
    /// <summary>Registers the compiled, validated <see cref="TypeAdapterConfig"/> and an <see cref="IMapper"/> over it.</summary>
    /// <exception cref="InvalidOperationException">A mapping does not compile (Mapster's message names the types and members).</exception>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static IServiceCollection AddSliceMapping(this IServiceCollection services, IEnumerable<ISliceModule> modules, params Action<TypeAdapterConfig>[] registrations)
    {
        ArgumentNullException.ThrowIfNull(services);
        var config = BuildMappingConfig(PipelineRegistration.AssembliesOf(modules), registrations);
        services.AddSingleton(config);
        services.AddSingleton<IMapper>(new Mapper(config));
        return services;
    }

    /// <summary>One configuration in which an unmapped destination member fails; compiled (and so validated) before it is returned.</summary>
    public static TypeAdapterConfig BuildMappingConfig(IEnumerable<Assembly> assemblies, params Action<TypeAdapterConfig>[] registrations)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        ArgumentNullException.ThrowIfNull(registrations);
        var config = new TypeAdapterConfig { RequireDestinationMemberSource = true };
        foreach (var register in registrations)
        {
            register(config);
        }

        config.Scan([.. assemblies]);
        try
        {
            config.Compile();
        }
        catch (Exception ex)
        {
            var reason = ex.InnerException is { } inner ? $"{ex.Message.ReplaceLineEndings(" ")}: {inner.Message}" : ex.Message.ReplaceLineEndings(" ");
            throw new InvalidOperationException($"The Mapster mappings do not compile: {reason}", ex);
        }

        return config;
    }
}
