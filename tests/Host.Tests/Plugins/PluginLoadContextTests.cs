using System.Reflection;
using System.Runtime.Loader;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Features.Plugins;
using FluentValidation;
using MediatR;

namespace AyonFtrack.Host.Tests.Plugins;

public sealed class PluginLoadContextTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("AyonFtrack.Features", true)]
    [InlineData("AyonFtrack.Server", true)]
    [InlineData("MediatR", true)]
    [InlineData("FluentValidation", true)]
    [InlineData("FluentValidation.DependencyInjectionExtensions", true)]
    [InlineData("Mapster", true)]
    [InlineData("Mapster.Core", true)]
    [InlineData("Microsoft.Extensions.Logging.Abstractions", true)]
    [InlineData("System.Text.Json", true)]
    [InlineData("System.Runtime", true)]
    [InlineData("AyonFtrack.SampleSlices", false)]
    [InlineData("AyonFtrack.Host", false)]
    [InlineData("Refit", false)]
    [InlineData("Acme.Hibob", false)]
    public void IsShared_AssemblyName_SharesContractsAndFrameworkOnly(string name, bool shared) =>
        PluginLoadContext.IsShared(new AssemblyName(name)).ShouldBe(shared);

    [Fact]
    public void LoadFromAssemblyName_ContractCopiedIntoHandlerFolder_ReturnsTheHostsAssembly()
    {
        var handlers = Folder("handlers");
        foreach (var contract in new[] { typeof(ISliceModule).Assembly, typeof(IMediator).Assembly, typeof(IValidator).Assembly })
        {
            File.Copy(contract.Location, Path.Combine(handlers, Path.GetFileName(contract.Location)));
        }

        var context = new PluginLoadContext("copies", [handlers], []);

        context.ShouldSatisfyAllConditions(
            () => context.LoadFromAssemblyName(new AssemblyName("AyonFtrack.Features")).ShouldBeSameAs(typeof(ISliceModule).Assembly),
            () => context.LoadFromAssemblyName(new AssemblyName("MediatR")).ShouldBeSameAs(typeof(IMediator).Assembly),
            () => context.LoadFromAssemblyName(new AssemblyName("FluentValidation")).ShouldBeSameAs(typeof(IValidator).Assembly),
            () => context.Assemblies.ShouldBeEmpty());
    }

    [Fact]
    public void LoadFromAssemblyName_FrameworkNameShippedInArchive_UsesTheFramework()
    {
        var handlers = Folder("handlers");
        File.WriteAllBytes(Path.Combine(handlers, "System.Text.Json.dll"), [1, 2, 3]);
        var context = new PluginLoadContext("framework", [handlers], []);

        var assembly = context.LoadFromAssemblyName(new AssemblyName("System.Text.Json"));

        assembly.ShouldBeSameAs(typeof(System.Text.Json.JsonDocument).Assembly);
    }

    [Fact]
    public void LoadFromAssemblyName_AssemblyInDependencyFolder_LoadsItIntoThisContext()
    {
        var handlers = Folder("handlers");
        var libs = Folder("libs");
        File.Copy(SampleSlicesBuild.AssemblyPath, Path.Combine(libs, SampleSlicesBuild.AssemblyName + ".dll"));
        var context = new PluginLoadContext("deps", [handlers], [libs]);

        var assembly = context.LoadFromAssemblyName(new AssemblyName(SampleSlicesBuild.AssemblyName));

        assembly.ShouldSatisfyAllConditions(
            () => AssemblyLoadContext.GetLoadContext(assembly).ShouldBeSameAs(context),
            () => assembly.Location.ShouldBe(Path.Combine(libs, SampleSlicesBuild.AssemblyName + ".dll")),
            () => AssemblyLoadContext.Default.Assemblies.ShouldNotContain(a => a.GetName().Name == SampleSlicesBuild.AssemblyName));
    }

    [Fact]
    public void LoadFromAssemblyName_HandlerFolderFirst_WinsOverDependencyFolder()
    {
        var handlers = Folder("handlers");
        var libs = Folder("libs");
        File.Copy(SampleSlicesBuild.AssemblyPath, Path.Combine(handlers, SampleSlicesBuild.AssemblyName + ".dll"));
        File.WriteAllBytes(Path.Combine(libs, SampleSlicesBuild.AssemblyName + ".dll"), [1, 2, 3]);
        var context = new PluginLoadContext("order", [handlers], [libs]);

        context.LoadFromAssemblyName(new AssemblyName(SampleSlicesBuild.AssemblyName)).Location
            .ShouldBe(Path.Combine(handlers, SampleSlicesBuild.AssemblyName + ".dll"));
    }

    [Fact]
    public void LoadFromAssemblyName_UnknownAssembly_ThrowsFileNotFound()
    {
        var context = new PluginLoadContext("missing", [Folder("handlers")], []);

        Should.Throw<FileNotFoundException>(() => context.LoadFromAssemblyName(new AssemblyName("Acme.NotShipped")));
    }

    [Fact]
    public void LoadFromAssemblyName_SameArchiveTwice_EachContextHasItsOwnCopy()
    {
        var first = Folder("first");
        var second = Folder("second");
        File.Copy(SampleSlicesBuild.AssemblyPath, Path.Combine(first, SampleSlicesBuild.AssemblyName + ".dll"));
        File.Copy(SampleSlicesBuild.AssemblyPath, Path.Combine(second, SampleSlicesBuild.AssemblyName + ".dll"));

        var a = new PluginLoadContext("a", [first], []).LoadFromAssemblyName(new AssemblyName(SampleSlicesBuild.AssemblyName));
        var b = new PluginLoadContext("b", [second], []).LoadFromAssemblyName(new AssemblyName(SampleSlicesBuild.AssemblyName));

        a.ShouldNotBeSameAs(b);
        a.GetType(SampleSlicesBuild.ModuleType).ShouldNotBe(b.GetType(SampleSlicesBuild.ModuleType));
    }

    private string Folder(string name)
    {
        var path = _temp.Combine(name);
        Directory.CreateDirectory(path);
        return path;
    }
}
