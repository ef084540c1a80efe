using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Features.Plugins;

namespace AyonFtrack.Host.Tests.Plugins;

/// <summary>
/// Emits a second integrator assembly, <c>Acme.Glue</c>, whose only type is
/// <c>public sealed class Acme.Glue.GlueModule : ISliceModule { public void Map(SliceMap map) => new SampleSlicesModule().Map(map); }</c>.
/// Shipped in a handler folder with the sample in a dependency folder, it proves that a module's dependencies are
/// resolved from <c>python_path_subfolders</c>. The sample is read in a throw-away load context, never the default one.
/// </summary>
public static class GlueAssembly
{
    public const string Name = "Acme.Glue";

    public const string ModuleType = "Acme.Glue.GlueModule";

    public static byte[] Build(string scratchFolder)
    {
        Directory.CreateDirectory(scratchFolder);
        var sampleCopy = Path.Combine(scratchFolder, SampleSlicesBuild.AssemblyName + ".dll");
        File.Copy(SampleSlicesBuild.AssemblyPath, sampleCopy, overwrite: true);
        var sample = new PluginLoadContext("glue-builder", [scratchFolder], []).LoadFromAssemblyName(new AssemblyName(SampleSlicesBuild.AssemblyName));
        var sampleModule = sample.GetType(SampleSlicesBuild.ModuleType, throwOnError: true)!;

        var builder = new PersistedAssemblyBuilder(new AssemblyName(Name) { Version = new Version(1, 0, 0, 0) }, typeof(object).Assembly);
        var module = builder.DefineDynamicModule(Name);
        var type = module.DefineType(ModuleType, TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class, typeof(object), [typeof(ISliceModule)]);
        type.DefineDefaultConstructor(MethodAttributes.Public);
        var map = type.DefineMethod(
            nameof(ISliceModule.Map),
            MethodAttributes.Public | MethodAttributes.Final | MethodAttributes.Virtual | MethodAttributes.HideBySig | MethodAttributes.NewSlot,
            typeof(void),
            [typeof(SliceMap)]);
        map.DefineParameter(1, ParameterAttributes.None, "map");
        var il = map.GetILGenerator();
        il.Emit(OpCodes.Newobj, sampleModule.GetConstructor(Type.EmptyTypes)!);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Callvirt, sampleModule.GetMethod(nameof(ISliceModule.Map))!);
        il.Emit(OpCodes.Ret);
        type.DefineMethodOverride(map, typeof(ISliceModule).GetMethod(nameof(ISliceModule.Map))!);
        type.CreateType();

        var metadata = builder.GenerateMetadata(out var ilStream, out var fieldData);
        var image = new ManagedPEBuilder(
            PEHeaderBuilder.CreateLibraryHeader(),
            new MetadataRootBuilder(metadata),
            ilStream,
            fieldData);
        var blob = new BlobBuilder();
        image.Serialize(blob);
        return blob.ToArray();
    }
}
