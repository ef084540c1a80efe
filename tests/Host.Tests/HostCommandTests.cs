namespace AyonFtrack.Host.Tests;

public sealed class HostCommandTests
{
    private static async Task<(int Code, string Out, string Error)> RunAsync(string[] args, Dictionary<string, string?> environment)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await HostCommand.RunAsync(args, stdout, stderr, environment);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task RunAsync_ProcessorWithoutServerUrl_ExitsWithOneLineNamingTheVariable()
    {
        var (code, _, error) = await RunAsync(["processor"], new() { ["AYON_API_KEY"] = "k", ["AYON_ADDON_VERSION"] = "1.0.0" });

        code.ShouldBe(ConfigurationException.ExitCode);
        error.TrimEnd().Split('\n').ShouldHaveSingleItem().ShouldContain("AYON_SERVER_URL");
    }

    [Fact]
    public async Task RunAsync_ServerUrlNotHttp_NamesTheVariableAndTheValue()
    {
        var (code, _, error) = await RunAsync(["leecher"], new() { ["AYON_SERVER_URL"] = "ayon:5000", ["AYON_API_KEY"] = "k", ["AYON_ADDON_VERSION"] = "1.0.0" });

        code.ShouldBe(ConfigurationException.ExitCode);
        error.ShouldContain("AYON_SERVER_URL is not an http(s) URL: 'ayon:5000'");
    }

    [Fact]
    public async Task RunAsync_MissingApiKey_NamesItWithoutPrintingAnyValue()
    {
        var (code, _, error) = await RunAsync(["transmitter"], new() { ["AYON_SERVER_URL"] = "http://127.0.0.1:9", ["AYON_ADDON_VERSION"] = "1.0.0" });

        code.ShouldBe(ConfigurationException.ExitCode);
        error.ShouldContain("AYON_API_KEY");
    }

    [Fact]
    public async Task RunAsync_UnknownMode_ExitsWithUsageCode()
    {
        var (code, _, error) = await RunAsync(["server"], []);

        code.ShouldBe(HostCommand.UsageExitCode);
        error.ShouldContain("unknown mode 'server'");
    }

    [Fact]
    public async Task RunAsync_NoMode_ExplainsTheChoices()
    {
        var (code, _, error) = await RunAsync([], []);

        code.ShouldBe(HostCommand.UsageExitCode);
        error.ShouldContain("leecher, processor, transmitter");
    }

    [Fact]
    public async Task RunAsync_ModeFromEnvironment_IsUsed()
    {
        var (code, _, error) = await RunAsync([], new() { ["AYON_FTRACK_MODE"] = "processor", ["AYON_API_KEY"] = "k", ["AYON_ADDON_VERSION"] = "1" });

        code.ShouldBe(ConfigurationException.ExitCode);
        error.ShouldContain("AYON_SERVER_URL");
    }

    [Fact]
    public async Task RunAsync_Help_PrintsUsage()
    {
        var (code, output, _) = await RunAsync(["--help"], []);

        code.ShouldBe(0);
        output.ShouldContain("usage: ayon-ftrack <mode>");
    }

    [Fact]
    public async Task RunAsync_InvalidOption_NamesTheOptionsSection()
    {
        var (code, _, error) = await RunAsync(["processor", "--Processor:MaxRetries", "-5"], new()
        {
            ["AYON_SERVER_URL"] = "http://127.0.0.1:9",
            ["AYON_API_KEY"] = "k",
            ["AYON_ADDON_VERSION"] = "1",
        });

        code.ShouldBe(ConfigurationException.ExitCode);
        error.ShouldContain("MaxRetries");
    }
}
