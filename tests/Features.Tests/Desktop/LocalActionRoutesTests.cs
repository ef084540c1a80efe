using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Desktop;
using AyonFtrack.Features.Pipeline;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;

namespace AyonFtrack.Features.Tests.Desktop;

/// <summary>
/// The route helper of the local actions: a command routed with <c>map.LocalAction</c> gets the one source.id rule of
/// every local action (<see cref="LocalActionValidator{TCommand}"/>), once, and only in the desktop mode.
/// </summary>
public sealed class LocalActionRoutesTests
{
    [Fact]
    public async Task LocalAction_DesktopMode_CommandHasTheSourceIdRuleOnce()
    {
        var services = new ServiceCollection();
        services.AddSlicePipeline(HostMode.Desktop, [new DesktopModule(), new DesktopModule()]);
        await using var provider = services.BuildServiceProvider();
        var validators = provider.GetServices<IValidator<JobKiller.Command>>().ToList();
        var launch = FtrackEvent.Create("e1", "ftrack.action.launch", new JsonObject { ["actionIdentifier"] = "ayon.job.killer.p1" });

        var result = await validators.ShouldHaveSingleItem().ValidateAsync(new JobKiller.Command(launch, LocalActionStep.Launch));

        result.Errors.Select(e => e.ErrorMessage).ShouldBe(["the action event has no source.id to reply to"]);
        (await validators[0].ValidateAsync(new JobKiller.Command(
            FtrackEvent.Create("e2", "ftrack.action.launch", null, new JsonObject { ["id"] = "web-1" }), LocalActionStep.Launch))).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void LocalAction_OtherModes_RegistersNoValidator()
    {
        var services = new ServiceCollection();
        services.AddSlicePipeline(HostMode.Processor, [new DesktopModule()]);

        services.ShouldNotContain(d => d.ServiceType == typeof(IValidator<JobKiller.Command>));
    }
}
