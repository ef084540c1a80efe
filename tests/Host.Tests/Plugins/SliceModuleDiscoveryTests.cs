using AyonFtrack.Features.Common;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Features.Plugins;
using MediatR;

namespace AyonFtrack.Host.Tests.Plugins;

public sealed class SliceModuleDiscoveryTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Discover_SampleBuildOutput_FindsItsModuleAndSkipsSharedCopies()
    {
        var handlers = _temp.Combine("handlers");
        Directory.CreateDirectory(handlers);
        foreach (var file in Directory.EnumerateFiles(SampleSlicesBuild.Folder))
        {
            File.Copy(file, Path.Combine(handlers, Path.GetFileName(file)));
        }

        File.WriteAllBytes(Path.Combine(handlers, "libnative.dll"), [0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0]);
        var context = new PluginLoadContext("sample", [handlers], []);

        var result = SliceModuleDiscovery.Discover(context, [handlers], _temp.Path);

        result.ShouldSatisfyAllConditions(
            () => result.Modules.ShouldHaveSingleItem().GetType().FullName.ShouldBe(SampleSlicesBuild.ModuleType),
            () => result.Problems.ShouldBeEmpty(),
            () => result.Assemblies.ShouldBe(1),
            () => context.Assemblies.Select(a => a.GetName().Name).ShouldBe([SampleSlicesBuild.AssemblyName]));
    }

    [Fact]
    public void Discover_SameAssemblyInTwoHandlerFolders_LoadsTheFirstAndReportsTheSecond()
    {
        var first = _temp.Combine("a");
        var second = _temp.Combine("b");
        Directory.CreateDirectory(first);
        Directory.CreateDirectory(second);
        File.Copy(SampleSlicesBuild.AssemblyPath, Path.Combine(first, SampleSlicesBuild.AssemblyName + ".dll"));
        File.Copy(SampleSlicesBuild.AssemblyPath, Path.Combine(second, SampleSlicesBuild.AssemblyName + ".dll"));

        var result = SliceModuleDiscovery.Discover(new PluginLoadContext("twice", [first, second], []), [first, second], _temp.Path);

        result.Modules.Count.ShouldBe(1);
        result.Problems.ShouldHaveSingleItem().ShouldBe($"b/{SampleSlicesBuild.AssemblyName}.dll: skipped, its assembly name {SampleSlicesBuild.AssemblyName} is already used by a/{SampleSlicesBuild.AssemblyName}.dll");
    }

    [Fact]
    public void TryCreate_GoodModule_ReturnsIt()
    {
        var problems = new List<string>();

        SliceModuleDiscovery.TryCreate(typeof(GoodModule), problems).ShouldBeOfType<GoodModule>();
        problems.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(typeof(ThrowingModule), "its constructor threw InvalidOperationException: no licence for this studio")]
    [InlineData(typeof(ModuleWithArguments), "has no public parameterless constructor")]
    [InlineData(typeof(HiddenModule), "is not public")]
    [InlineData(typeof(BadRoutesModule), "its routes cannot be registered in the leecher mode (ArgumentException")]
    public void TryCreate_BrokenModule_ReportsTypeAndReason(Type type, string reason)
    {
        var problems = new List<string>();

        SliceModuleDiscovery.TryCreate(type, problems).ShouldBeNull();

        problems.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            p => p.ShouldStartWith($"type {type.FullName}: "),
            p => p.ShouldContain(reason));
    }

    [Theory]
    [InlineData(HostMode.Processor, null)]
    [InlineData(HostMode.Transmitter, "does nothing in the transmitter mode (its routes are for the processor mode)")]
    public void TryCreate_InTheRunningMode_AModuleWithoutARouteThereIsKeptAndReported(HostMode running, string? problem)
    {
        var problems = new List<string>();

        SliceModuleDiscovery.TryCreate(typeof(GoodModule), problems, running).ShouldBeOfType<GoodModule>();

        if (problem is null)
        {
            problems.ShouldBeEmpty();
        }
        else
        {
            problems.ShouldHaveSingleItem().ShouldBe($"type {typeof(GoodModule).FullName}: {problem}");
        }
    }

    [Fact]
    public void TryCreate_AbstractBase_IsSkippedWithoutAProblem()
    {
        var problems = new List<string>();

        SliceModuleDiscovery.TryCreate(typeof(ModuleBase), problems).ShouldBeNull();
        problems.ShouldBeEmpty();
    }

    public abstract class ModuleBase : ISliceModule
    {
        public abstract void Map(SliceMap map);
    }

    public sealed class GoodModule : ModuleBase
    {
        public override void Map(SliceMap map) => map.On<FtrackEvent, NoopSlice.Command, NoopSlice.Handler>(HostMode.Processor, "ftrack.update", NoopSlice.From);
    }

    public sealed class ThrowingModule : ISliceModule
    {
        public ThrowingModule() => throw new InvalidOperationException("no licence for this studio");

        public void Map(SliceMap map)
        {
        }
    }

    public sealed class ModuleWithArguments(string studio) : ISliceModule
    {
        public string Studio { get; } = studio;

        public void Map(SliceMap map)
        {
        }
    }

    internal sealed class HiddenModule : ISliceModule
    {
        public void Map(SliceMap map)
        {
        }
    }

    public sealed class BadRoutesModule : ISliceModule
    {
        public void Map(SliceMap map) => map.On<FtrackEvent, NoopSlice.Command, NoopSlice.Handler>(HostMode.Processor, " ", NoopSlice.From);
    }

    public static class NoopSlice
    {
        public sealed record Command(string EventId) : ICommand;

        public static Command? From(FtrackEvent e) => new(e.Id);

        public sealed class Handler : IRequestHandler<Command, Unit>
        {
            public Task<Unit> Handle(Command request, CancellationToken cancellationToken) => Task.FromResult(Unit.Value);
        }
    }
}
