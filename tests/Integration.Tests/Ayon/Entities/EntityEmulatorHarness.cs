using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Sandbox.Ayon;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AyonFtrack.Integration.Tests.Ayon.Entities;

/// <summary>
/// An AYON emulator on a free loopback port with a seeded project, plus real <see cref="IAyonApi"/> clients
/// built by <c>AddAyonClient()</c>: <see cref="Api"/> sends no <c>x-sender-type</c> (as the transmitter),
/// <see cref="FtrackApi"/> sends <c>x-sender-type: ftrack</c> (as the processor).
/// </summary>
internal sealed class EntityEmulatorHarness : IAsyncDisposable
{
    public const string Project = "demo";

    private readonly ServiceProvider _plain;
    private readonly ServiceProvider _ftrack;

    private readonly CancellationTokenSource _timeout;

    private EntityEmulatorHarness(AyonEmulator emulator, ServiceProvider plain, ServiceProvider ftrack, CancellationTokenSource timeout)
    {
        _timeout = timeout;
        Emulator = emulator;
        _plain = plain;
        _ftrack = ftrack;
        Api = plain.GetRequiredService<IAyonApi>();
        FtrackApi = ftrack.GetRequiredService<IAyonApi>();
    }

    public AyonEmulator Emulator { get; }

    public IAyonApi Api { get; }

    public IAyonApi FtrackApi { get; }

    /// <summary>Cancels every call of a test after a generous deadline, so a hung request fails the test instead of the run.</summary>
    public CancellationToken Token => _timeout.Token;

    public static async Task<EntityEmulatorHarness> StartAsync(bool seedProject = true, TimeProvider? timeProvider = null)
    {
        var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var emulator = await AyonEmulator.StartAsync(new AyonEmulatorOptions { Port = 0, TimeProvider = timeProvider ?? TimeProvider.System }, timeout.Token);
        try
        {
            if (seedProject)
            {
                await emulator.SeedProjectAsync(Project, "dm", timeout.Token);
            }

            return new EntityEmulatorHarness(emulator, Client(emulator, null), Client(emulator, "ftrack"), timeout);
        }
        catch
        {
            await emulator.DisposeAsync();
            timeout.Dispose();
            throw;
        }
    }

    /// <summary>A client of another user's key (e.g. to check manager-only routes).</summary>
    public ServiceProvider ClientFor(string apiKey) => Client(Emulator, null, apiKey);

    /// <summary>A service client that sends <c>x-sender</c> and <c>x-sender-type</c>.</summary>
    public ServiceProvider ClientWithSender(string sender, string senderType) => Client(Emulator, senderType, null, sender);

    public Task<List<AyonEventRow>> EventsAsync(string? topic = null) => Emulator.GetEventsAsync(topic, Token);

    /// <summary>Events whose topic starts with <paramref name="prefix"/>, oldest first.</summary>
    public async Task<List<AyonEventRow>> EventsWithPrefixAsync(string prefix) =>
        [.. (await Emulator.GetEventsAsync(null, Token)).Where(e => e.Topic.StartsWith(prefix, StringComparison.Ordinal))];

    public async ValueTask DisposeAsync()
    {
        await _plain.DisposeAsync();
        await _ftrack.DisposeAsync();
        await Emulator.DisposeAsync();
        _timeout.Dispose();
    }

    private static ServiceProvider Client(AyonEmulator emulator, string? senderType, string? apiKey = null, string? sender = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Ayon:ServerUrl"] = emulator.BaseUrl.ToString(),
            ["Ayon:ApiKey"] = apiKey ?? emulator.ServiceApiKey,
            ["Ayon:AddonName"] = "ftrack",
            ["Ayon:AddonVersion"] = "1.6.4",
            ["Ayon:ServiceName"] = "entity-tests",
            ["Ayon:SenderType"] = senderType,
            ["Ayon:Sender"] = sender,
            ["Ayon:RetryCount"] = "0",
            ["Ayon:TimeoutSeconds"] = "30",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddAyonClient();
        return services.BuildServiceProvider();
    }
}

/// <summary>Small JSON helpers for assertions.</summary>
internal static class JsonAssert
{
    public static string? Text(this JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static JsonObject Obj(params (string Key, JsonNode? Value)[] members)
    {
        var result = new JsonObject();
        foreach (var (key, value) in members)
        {
            result[key] = value;
        }

        return result;
    }

    /// <summary>Asserts structural JSON equality, printing both sides on failure.</summary>
    public static void ShouldBeJson(this JsonNode? actual, JsonNode? expected) =>
        JsonNode.DeepEquals(actual, expected).ShouldBeTrue($"expected {expected?.ToJsonString()} but was {actual?.ToJsonString()}");
}
