using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using AyonFtrack.Features.Pipeline;
using NetArchTest.Rules;

namespace AyonFtrack.Features.Tests.Architecture;

/// <summary>
/// The area rule of the modular monolith (STYLE §2.1), enforced over every area the Features assembly has, found by
/// namespace, so an area added later (Desktop, Publish, Operator, ...) is held to it without a change here:
/// no area depends on another, and the plumbing (Common, Pipeline, the two wire clients and Anatomy, AYON's template
/// and root rules that the desktop actions and publishing share, and Plugins, the loader of integrators' handler archives that
/// the processor and the desktop client share) depends on no area.
/// Also: no static mutable state in Features (slices share per-input state through the <see cref="EventContext"/>).
/// </summary>
public sealed class AreaRulesTests
{
    private const string Root = "AyonFtrack.Features";

    /// <summary>The namespaces under <see cref="Root"/> that are plumbing, not areas.</summary>
    private static readonly string[] Plumbing = ["Common", "Pipeline", "Ftrack", "Ayon", "Anatomy", "Plugins"];

    private static Assembly Features => typeof(EventContext).Assembly;

    /// <summary>Every area: each first namespace segment under <see cref="Root"/> that is not plumbing.</summary>
    public static IReadOnlyList<string> Areas() =>
    [
        .. Features.GetTypes()
            .Select(t => t.Namespace ?? "")
            .Where(ns => ns.StartsWith(Root + ".", StringComparison.Ordinal))
            .Select(ns => ns[(Root.Length + 1)..].Split('.')[0])
            .Where(segment => !Plumbing.Contains(segment))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal),
    ];

    public static TheoryData<string> AreaData() => [.. Areas()];

    public static TheoryData<string> PlumbingData() => [.. Plumbing];

    [Fact]
    public void Areas_FeaturesAssembly_HoldsEveryBuiltInArea() =>
        new[] { "Actions", "Attributes", "Automations", "Leech", "Sync", "Transmit" }.ShouldBeSubsetOf(Areas());

    [Theory]
    [MemberData(nameof(AreaData))]
    public void Area_DependsOnNoOtherArea(string area)
    {
        var others = Areas().Where(a => a != area).Select(a => $"{Root}.{a}").ToArray();

        var result = Types.InAssembly(Features).That().ResideInNamespace($"{Root}.{area}").ShouldNot().HaveDependencyOnAny(others).GetResult();

        (result.FailingTypeNames ?? []).ShouldBeEmpty($"{area} uses another area: share a contract or a pure function in Common instead");
    }

    [Fact]
    public void AreaRule_AKnownDependency_IsReported()
    {
        // The control: Sync does use the plumbing, so the same query over it must fail, naming Sync's types.
        var result = Types.InAssembly(Features).That().ResideInNamespace($"{Root}.Sync").ShouldNot().HaveDependencyOnAny($"{Root}.Common").GetResult();

        result.IsSuccessful.ShouldBeFalse();
        result.FailingTypeNames.ShouldContain(name => name.StartsWith($"{Root}.Sync.", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(PlumbingData))]
    public void Plumbing_DependsOnNoArea(string plumbing)
    {
        var areas = Areas().Select(a => $"{Root}.{a}").ToArray();

        var result = Types.InAssembly(Features).That().ResideInNamespace($"{Root}.{plumbing}").ShouldNot().HaveDependencyOnAny(areas).GetResult();

        (result.FailingTypeNames ?? []).ShouldBeEmpty($"{plumbing} is plumbing and may not know an area");
    }

    [Fact]
    public void ActionProtocol_LivesBesideTheFtrackClient_CommonKeepsPlumbingOnly()
    {
        // Server actions of every area use it (Ftrack is plumbing, so the area rule lets them); Common holds none of it.
        typeof(AyonFtrack.Features.Ftrack.Actions.ServerAction).Namespace.ShouldBe($"{Root}.Ftrack.Actions");
        Features.GetTypes().Select(t => t.Namespace ?? "").ShouldNotContain(ns => ns.StartsWith($"{Root}.Common.Actions", StringComparison.Ordinal));
    }

    [Fact]
    public void SliceFiles_OverThreeHundredLines_HaveADecideOrFormsSibling()
    {
        var features = Path.Combine(RepositoryRoot(), "src", "Features");
        var offenders = Areas()
            .Select(area => Path.Combine(features, area))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
            .Where(file => File.ReadAllText(file).Contains("IRequestHandler<", StringComparison.Ordinal) && File.ReadLines(file).Count() > 300)
            .Where(file => !File.Exists(file[..^3] + "Decide.cs") && !File.Exists(file[..^3] + "Forms.cs"))
            .Select(file => Path.GetRelativePath(features, file))
            .ToList();

        offenders.ShouldBeEmpty("a slice past ~300 lines keeps its contract and moves its pure rules to <Slice>Decide.cs or its forms to <Slice>Forms.cs");
    }

    [Fact]
    public void Features_HasNoStaticMutableState()
    {
        Type[] sharedStateTypes = [typeof(ConditionalWeakTable<,>), typeof(ConcurrentDictionary<,>), typeof(ConcurrentBag<>), typeof(ConcurrentQueue<>), typeof(SemaphoreSlim), typeof(Lock)];
        var offenders = Features.GetTypes()
            .Where(t => t.GetCustomAttribute<CompilerGeneratedAttribute>() is null)
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(f => !f.IsLiteral && f.GetCustomAttribute<CompilerGeneratedAttribute>() is null && !f.Name.Contains('<', StringComparison.Ordinal))
            .Where(f => !f.IsInitOnly || sharedStateTypes.Contains(f.FieldType.IsGenericType ? f.FieldType.GetGenericTypeDefinition() : f.FieldType))
            .Select(f => $"{f.DeclaringType!.FullName}.{f.Name}")
            .ToList();

        offenders.ShouldBeEmpty("static mutable state outlives the input it was read for; keep it in the EventContext or a registered service");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AyonFtrack.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The tests run outside the repository: no AyonFtrack.slnx above " + AppContext.BaseDirectory);
    }
}
