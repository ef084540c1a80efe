using AyonFtrack.Features.Pipeline;
using AyonFtrack.Host.Telemetry;
using AyonFtrack.Host.Workers;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AyonFtrack.Host.Tests;

public sealed class ModeCompositionTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("ayon-ftrack-composition-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private static readonly string[] TransmitterRoutes =
    [
            "entity.project.attrib_changed Transmit.PushAttributes",
            "entity.folder.attrib_changed Transmit.PushAttributes",
            "entity.task.attrib_changed Transmit.PushAttributes",
            "entity.version.attrib_changed Transmit.PushAttributes",
            "entity.project.changed Transmit.PushAttributes",
            "entity.folder.status_changed Transmit.PushStatus",
            "entity.folder.deleted Transmit.DeleteEntity",
            "entity.folder.thumbnail_changed Transmit.PushThumbnail",
            "entity.task.status_changed Transmit.PushStatus",
            "entity.task.deleted Transmit.DeleteEntity",
            "entity.task.thumbnail_changed Transmit.PushThumbnail",
            "entity.version.status_changed Transmit.PushStatus",
            "entity.version.deleted Transmit.DeleteEntity",
            "entity.version.thumbnail_changed Transmit.PushThumbnail",
            "entity.task.assignees_changed Transmit.PushAssignees",
            "entity.folder.created Transmit.CreateEntity",
            "entity.task.created Transmit.CreateEntity",
            "entity.folder.parent_changed Transmit.MoveEntity",
            "entity.task.folder_changed Transmit.MoveEntity",
            "entity.version.task_changed Transmit.MoveEntity",
            "entity.folder.type_changed Transmit.ChangeTaskType",
            "entity.task.type_changed Transmit.ChangeTaskType",
            "entity_list.created Transmit.PushEntityList",
            "entity_list.changed Transmit.PushEntityList",
            "entity_list.deleted Transmit.DeleteEntityList",
            "reviewable.created Transmit.PushReviewable",
            "entity.product.created Transmit.PushProduct",
            "entity.product.renamed Transmit.PushProduct",
            "entity.product.folder_changed Transmit.PushProduct",
            "entity.version.created Transmit.PushVersion",
            "entity.version.product_changed Transmit.PushVersion",
            "entity.folder.renamed Transmit.RenameEntity",
            "entity.folder.label_changed Transmit.RenameEntity",
            "entity.task.renamed Transmit.RenameEntity",
            "entity.task.label_changed Transmit.RenameEntity",
            "ftrack.sync.comments.tick Transmit.SyncComments",
    ];

    public static TheoryData<HostMode, string[], Type[]> Modes => new()
    {
        { HostMode.Leecher, ["* Leech.StoreFtrackEvent"], [typeof(LeecherWorker), typeof(TelemetryObservers)] },
        {
            HostMode.Processor,
            [
                "ftrack.update Sync.AutoSyncFromFtrack",
                "ftrack.update Sync.ChangeNotes",
                "ftrack.update Sync.UsersSyncFromFtrack",
                "ftrack.update Attributes.PushHierValuesOnUpdate",
                "ayon.ftrack.operator.drift.requested Sync.DriftRequest",
                "ftrack.action.discover Actions.ServerActionDiscover",
                "ftrack.action.launch Actions.SyncFromFtrackAction",
                "ftrack.action.launch Actions.PrepareProject",
                "ftrack.action.launch Actions.SyncUsersAction",
                "ayon.ftrack.leecher.started.ynternal Actions.StartAutoSync",
                "ftrack.action.launch Actions.PrivateProjectDetection",
                "ftrack.action.launch Actions.MultipleNotes",
                "ftrack.action.launch Actions.CloneReviewSession",
                "ftrack.action.launch Actions.DailyLists",
                "create.daily.lists.automated Actions.DailyLists",
                "ftrack.action.launch Actions.ComponentSizes",
                "ftrack.action.launch Actions.DeleteEntities",
                "ayon.calculate.project.component.size Actions.ComponentSizes",
                "ftrack.update Automations.TaskStatusToParent",
                "ftrack.update Automations.VersionToTaskStatus",
                "ftrack.update Automations.NextTaskUpdate",
                "ftrack.update Automations.TaskToVersionStatus",
                "ftrack.update Automations.ThumbnailUpdates",
                "ftrack.action.launch Attributes.PushHierValuesAction",
                "ftrack.action.launch Attributes.TransferHierarchicalValues",
            ],
            [typeof(EnrollWorker), typeof(DailyListsTimer), typeof(TelemetryObservers)]
        },
        { HostMode.Transmitter, TransmitterRoutes, [typeof(EnrollWorker), typeof(CommentSyncWorker), typeof(TelemetryObservers)] },
    };

    private IHost Build(HostMode mode)
    {
        var environment = new Dictionary<string, string?>
        {
            ["AYON_SERVER_URL"] = "http://127.0.0.1:9",
            ["AYON_API_KEY"] = "composition-test-key",
            ["AYON_ADDON_VERSION"] = "1.6.4",
            ["AYON_SERVICE_NAME"] = "ftrack-test",
            ["AYON_FTRACK_DATA_DIR"] = _data,
        };
        var builder = Composition.CreateBuilder([], environment);
        builder.AddAyonFtrack(mode);
        return builder.Build();
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Build_Mode_ValidatesAndRegistersExactlyThatModesRoutes(HostMode mode, string[] expectedRoutes, Type[] workers)
    {
        using var host = Build(mode);

        var routes = host.Services.GetRequiredService<SliceRoutes>();
        routes.Mode.ShouldBe(mode);
        routes.All.Select(r => $"{r.Topic} {r.Slice}").ShouldBe(expectedRoutes);
        host.Services.GetServices<IHostedService>().Select(s => s.GetType()).ShouldBe(workers);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Build_Mode_EveryRouteResolvesItsHandlerInAScope(HostMode mode, string[] expectedRoutes, Type[] workers)
    {
        _ = expectedRoutes;
        _ = workers;
        using var host = Build(mode);
        using var scope = host.Services.CreateScope();

        foreach (var route in host.Services.GetRequiredService<SliceRoutes>().All)
        {
            var handler = scope.ServiceProvider.GetRequiredService(typeof(IRequestHandler<,>).MakeGenericType(route.CommandType, typeof(Unit)));
            handler.GetType().ShouldBe(route.HandlerType);
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task RoutesCommand_Mode_PrintsThatModesRouteTableInRunningOrder(HostMode mode, string[] expectedRoutes, Type[] workers)
    {
        _ = workers;
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await HostCommand.RunAsync(["routes", mode.ToName()], stdout, stderr, new Dictionary<string, string?>());

        code.ShouldBe(0);
        stderr.ToString().ShouldBeEmpty();
        stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' '))
            .Select(parts => $"{parts[0]} {parts[2]}")
            .ShouldBe(expectedRoutes);
    }

    [Fact]
    public async Task RoutesCommand_NoMode_IsAUsageError()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        (await HostCommand.RunAsync(["routes"], stdout, stderr, new Dictionary<string, string?>())).ShouldBe(HostCommand.UsageExitCode);
        stderr.ToString().ShouldContain("routes needs a mode");
    }

    [Fact]
    public void Build_Transmitter_HasNoLeecherOrProcessorHandlers()
    {
        using var host = Build(HostMode.Transmitter);
        using var scope = host.Services.CreateScope();

        scope.ServiceProvider.GetService<IRequestHandler<Features.Leech.StoreFtrackEvent.Command, Unit>>().ShouldBeNull();
    }

    [Fact]
    public void Build_Processor_MarksAyonWritesAsFtracks()
    {
        using var host = Build(HostMode.Processor);

        host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Features.Ayon.AyonOptions>>().Value.SenderType.ShouldBe("ftrack");
    }

    [Fact]
    public void Build_Leecher_KeepsItsBacklogInTheSpoolNotInTheHubsQueue()
    {
        using var host = Build(HostMode.Leecher);

        host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Features.Ftrack.EventHub.FtrackEventHubOptions>>().Value.DispatchQueueCapacity.ShouldBe(20);
    }

    [Fact]
    public void Build_Transmitter_MarksItsOwnAyonWritesAsFtracks()
    {
        using var host = Build(HostMode.Transmitter);

        host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Features.Ayon.AyonOptions>>().Value.SenderType.ShouldBe("ftrack");
    }

    [Fact]
    public void Build_Leecher_SendsNoSenderType()
    {
        using var host = Build(HostMode.Leecher);

        host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Features.Ayon.AyonOptions>>().Value.SenderType.ShouldBeNull();
    }
}

/// <summary>
/// The slice pipeline finds a slice's validators beside its command instead of scanning the Features assembly (which would
/// load all its types into every mode). These tests hold the new rule to what the scan found.
/// </summary>
public sealed class SliceValidatorRegistrationTests
{
    public static TheoryData<HostMode> AllModes => [HostMode.Leecher, HostMode.Processor, HostMode.Transmitter, HostMode.Desktop];

    [Theory]
    [MemberData(nameof(AllModes))]
    public void AddSlicePipeline_EachMode_RegistersEveryValidatorTheAssemblyScanFindsForItsCommands(HostMode mode)
    {
        var services = new ServiceCollection();
        IReadOnlyList<ISliceModule> modules = mode == HostMode.Desktop
            ? Features.Desktop.DesktopRegistration.Modules
            : Composition.BuiltInModules();
        var routes = services.AddSlicePipeline(mode, modules);
        var commands = routes.All.Select(r => r.CommandType).ToHashSet();

        var scanned = FluentValidation.AssemblyScanner.FindValidatorsInAssembly(typeof(SliceMap).Assembly, includeInternalTypes: true)
            .Where(v => commands.Contains(v.InterfaceType.GetGenericArguments()[0]))
            .Select(v => $"{v.InterfaceType.GetGenericArguments()[0].FullName} ← {v.ValidatorType.FullName}")
            .Order().ToList();
        var registered = services
            .Where(d => d.ServiceType.IsGenericType && d.ServiceType.GetGenericTypeDefinition() == typeof(FluentValidation.IValidator<>)
                && d.ImplementationType is { IsGenericType: false })
            .Select(d => $"{d.ServiceType.GetGenericArguments()[0].FullName} ← {d.ImplementationType!.FullName}")
            .Order().ToList();

        registered.ShouldBe(scanned);
        if (mode != HostMode.Leecher && mode != HostMode.Desktop)
        {
            scanned.ShouldNotBeEmpty();
        }
    }

    [Fact]
    public void FeaturesValidators_AreEachNestedBesideTheCommandTheyCheck()
    {
        var misplaced = FluentValidation.AssemblyScanner.FindValidatorsInAssembly(typeof(SliceMap).Assembly, includeInternalTypes: true)
            .Where(v => v.InterfaceType.GetGenericArguments()[0].DeclaringType is not { } slice || slice != v.ValidatorType.DeclaringType)
            .Select(v => v.ValidatorType.FullName)
            .ToList();

        misplaced.ShouldBeEmpty("a Features validator must be nested in its slice's class, beside the command, or no mode registers it");
    }
}
