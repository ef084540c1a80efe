using AyonFtrack.Features.Common;
using AyonFtrack.Features.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace AyonFtrack.Features.Tests.Pipeline;

public sealed class SliceMapTests
{
    [Fact]
    public void On_SecondHandlerForOneCommand_ThrowsNamingBoth()
    {
        var map = new SliceMap(HostMode.Processor, new ServiceCollection());
        map.On<FtrackEvent, EchoSlice.Command, EchoSlice.Handler>(HostMode.Processor, "ftrack.update", EchoSlice.From);

        var error = Should.Throw<InvalidOperationException>(() => map.On<FtrackEvent, EchoSlice.Command, OtherEchoHandler>(HostMode.Processor, "ftrack.update", EchoSlice.From));

        error.Message.ShouldContain(nameof(OtherEchoHandler));
        error.Message.ShouldContain("EchoSlice+Handler");
    }

    [Fact]
    public void On_SameSliceOnTwoTopics_RegistersTheHandlerOnce()
    {
        var services = new ServiceCollection();
        var map = new SliceMap(HostMode.Processor, services);
        map.On<FtrackEvent, EchoSlice.Command, EchoSlice.Handler>(HostMode.Processor, "ftrack.update", EchoSlice.From)
            .On<FtrackEvent, EchoSlice.Command, EchoSlice.Handler>(HostMode.Processor, "ftrack.other", EchoSlice.From);

        map.Routes.Count.ShouldBe(2);
        services.Count(d => d.ImplementationType == typeof(EchoSlice.Handler)).ShouldBe(1);
    }

    [Fact]
    public void AddSlicePipeline_IntegratorsValidatorNestedAndInAScannedAssembly_IsRegisteredOnce()
    {
        var services = new ServiceCollection();
        services.AddSlicePipeline(HostMode.Processor, [new TestModule()]);

        services.Count(d => d.ServiceType == typeof(FluentValidation.IValidator<EchoSlice.Command>)).ShouldBe(1);
    }

    [Theory]
    [InlineData("*", "ftrack.update", true)]
    [InlineData("ftrack.update", "ftrack.update", true)]
    [InlineData("ftrack.update", "ftrack.updates", false)]
    [InlineData("ftrack.*", "ftrack.action.launch", true)]
    [InlineData("entity.folder.*", "entity.task.created", false)]
    [InlineData("Ftrack.update", "ftrack.update", false)]
    public void TopicPattern_Matches(string pattern, string topic, bool expected) =>
        TopicPattern.Matches(pattern, topic).ShouldBe(expected);

    [Fact]
    public void SliceName_CommandNestedInSlice_IsAreaDotSlice() =>
        SliceMap.SliceName(typeof(EchoSlice.Command)).ShouldBe("Pipeline.EchoSlice");

    [Theory]
    [InlineData("processor", HostMode.Processor)]
    [InlineData("LEECHER", HostMode.Leecher)]
    [InlineData(" Transmitter ", HostMode.Transmitter)]
    public void HostModes_TryParse_AcceptsNamesInAnyCase(string value, HostMode expected)
    {
        HostModes.TryParse(value, out var mode).ShouldBeTrue();
        mode.ShouldBe(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("1")]
    [InlineData("server")]
    public void HostModes_TryParse_RejectsAnythingElse(string? value) =>
        HostModes.TryParse(value, out _).ShouldBeFalse();

    internal sealed class OtherEchoHandler : MediatR.IRequestHandler<EchoSlice.Command, MediatR.Unit>
    {
        public Task<MediatR.Unit> Handle(EchoSlice.Command request, CancellationToken cancellationToken) => Task.FromResult(MediatR.Unit.Value);
    }
}
