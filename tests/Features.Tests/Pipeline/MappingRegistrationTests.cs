using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Features.Transmit;
using Mapster;
using MapsterMapper;
using Microsoft.Extensions.DependencyInjection;

namespace AyonFtrack.Features.Tests.Pipeline;

/// <summary>
/// The Mapster configuration integrators' slices get: compiled at registration with unmapped members refused (what the
/// processor does at start when custom handlers are loaded), and an <see cref="IMapper"/> that maps with it.
/// </summary>
public sealed class MappingRegistrationTests
{
    [Fact]
    public void AddSliceMapping_ACompleteMapping_CompilesAndMapsWithIt()
    {
        var provider = new ServiceCollection()
            .AddSliceMapping([new TransmitModule()], config => config.NewConfig<FolderModel, MappedRecord>().Map(d => d.Extra, s => s.FolderType))
            .BuildServiceProvider();

        provider.GetRequiredService<TypeAdapterConfig>().RequireDestinationMemberSource.ShouldBeTrue();
        provider.GetRequiredService<IMapper>().Map<FolderModel, MappedRecord>(new FolderModel { Id = "f-1", Name = "sh010", FolderType = "Shot" })
            .ShouldBe(new MappedRecord("f-1", "Shot"));
    }

    [Fact]
    public void BuildMappingConfig_AMappingWithAnUnfilledMember_FailsNamingTheTypes()
    {
        var error = Should.Throw<InvalidOperationException>(() => MappingRegistration.BuildMappingConfig([typeof(IncompleteMapping).Assembly]));

        error.Message.ShouldContain("do not compile");
        error.Message.ShouldContain(nameof(MappedRecord));
    }
}

/// <summary>A record the incomplete mapping below cannot fill (<c>Extra</c> has no source).</summary>
public sealed record MappedRecord(string Id, string Extra);

/// <summary>The control of the validation: scanned from this assembly only by the test that expects it to fail.</summary>
public sealed class IncompleteMapping : IRegister
{
    public void Register(TypeAdapterConfig config) => config.NewConfig<FolderModel, MappedRecord>();
}
