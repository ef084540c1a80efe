using AyonFtrack.Features.Ayon;
using AyonFtrack.Sandbox.Ayon;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Integration.Tests.Ayon;

/// <summary>An AYON emulator on a free loopback port plus real <see cref="IAyonApi"/> clients wired by <c>AddAyonClient</c>.</summary>
internal sealed class AyonTestHost : IAsyncDisposable
{
    private readonly List<ServiceProvider> _providers = [];

    private AyonTestHost(AyonEmulator emulator) => Emulator = emulator;

    public AyonEmulator Emulator { get; }

    public static async Task<AyonTestHost> StartAsync(TimeProvider? time = null, bool seedFtrackAttributes = true, bool checkEnrollCursors = false) =>
        new(await AyonEmulator.StartAsync(new AyonEmulatorOptions
        {
            TimeProvider = time ?? TimeProvider.System,
            SeedFtrackAttributes = seedFtrackAttributes,
            CheckEnrollCursors = checkEnrollCursors,
        }, CancellationToken.None));

    /// <summary>A client of the service user, optionally with a sender type, another key, or a log sink.</summary>
    public IAyonApi Client(string? senderType = null, string? apiKey = null, ILoggerProvider? logs = null, int retryCount = 3, string variant = "production") =>
        Services(senderType, apiKey, logs, retryCount, variant).GetRequiredService<IAyonApi>();

    public ServiceProvider Services(string? senderType = null, string? apiKey = null, ILoggerProvider? logs = null, int retryCount = 3, string variant = "production")
    {
        var values = new Dictionary<string, string?>
        {
            ["Ayon:ServerUrl"] = Emulator.BaseUrl.ToString(),
            ["Ayon:ApiKey"] = apiKey ?? Emulator.ServiceApiKey,
            ["Ayon:AddonName"] = "ftrack",
            ["Ayon:AddonVersion"] = "1.6.4",
            ["Ayon:ServiceName"] = "ftrack-processor",
            ["Ayon:Variant"] = variant,
            ["Ayon:SenderType"] = senderType,
            ["Ayon:RetryCount"] = retryCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Ayon:RetryDelayMilliseconds"] = "5",
            ["Ayon:TimeoutSeconds"] = "30",
        };
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddLogging(b =>
        {
            b.SetMinimumLevel(LogLevel.Trace);
            if (logs is not null)
            {
                b.AddProvider(logs);
            }
        });
        services.AddAyonClient();
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _providers.Add(provider);
        return provider;
    }

    /// <summary>A plain HttpClient on the emulator's base URL, for wire-shape assertions.</summary>
    public HttpClient Raw(string? apiKey)
    {
        var client = new HttpClient { BaseAddress = Emulator.BaseUrl };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("x-api-key", apiKey);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        await Emulator.DisposeAsync();
    }
}
