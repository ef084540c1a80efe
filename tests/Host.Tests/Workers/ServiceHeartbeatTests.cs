using AyonFtrack.Host.Workers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AyonFtrack.Host.Tests.Workers;

public sealed class ServiceHeartbeatTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("ayon-ftrack-health-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private ServiceHeartbeat Heartbeat(AyonKeyWatch? keyWatch = null) => new(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["DataDirectory"] = _data }).Build(),
        _time,
        NullLogger<ServiceHeartbeat>.Instance,
        keyWatch);

    [Fact]
    public void Beat_WhileAyonRejectsTheKey_WritesNothingUntilAyonAcceptsItAgain()
    {
        var key = new AyonKeyWatch(_time);
        var heartbeat = Heartbeat(key);
        key.Rejected(TimeSpan.FromMinutes(5), "Leecher:UnauthorizedExitAfter");

        heartbeat.Beat();
        ServiceHeartbeat.Check(_data, TimeSpan.FromMinutes(5), _time.GetUtcNow()).ExitCode.ShouldBe(1);

        key.Accepted();
        heartbeat.Beat();
        ServiceHeartbeat.Check(_data, TimeSpan.FromMinutes(5), _time.GetUtcNow()).ExitCode.ShouldBe(0);
    }

    [Fact]
    public void Check_NoHeartbeatYet_IsUnhealthy() =>
        ServiceHeartbeat.Check(_data, TimeSpan.FromMinutes(5), _time.GetUtcNow()).ExitCode.ShouldBe(1);

    [Fact]
    public void Check_RecentBeat_IsHealthy()
    {
        Heartbeat().Beat();
        _time.Advance(TimeSpan.FromMinutes(4));

        var (code, message) = ServiceHeartbeat.Check(_data, TimeSpan.FromMinutes(5), _time.GetUtcNow());

        code.ShouldBe(0);
        message.ShouldBe("healthy: last heartbeat 240 s ago");
    }

    [Fact]
    public void Check_OldBeat_IsUnhealthyWithItsAge()
    {
        Heartbeat().Beat();
        _time.Advance(TimeSpan.FromMinutes(6));

        var (code, message) = ServiceHeartbeat.Check(_data, TimeSpan.FromMinutes(5), _time.GetUtcNow());

        code.ShouldBe(1);
        message.ShouldContain("360 s ago");
    }

    [Fact]
    public void Beat_Again_MovesTheHeartbeatForward()
    {
        var heartbeat = Heartbeat();
        heartbeat.Beat();
        _time.Advance(TimeSpan.FromMinutes(6));
        heartbeat.Beat();

        ServiceHeartbeat.Check(_data, TimeSpan.FromMinutes(5), _time.GetUtcNow()).ExitCode.ShouldBe(0);
    }

    [Fact]
    public void Check_GarbageFile_IsUnhealthyNamingTheFile()
    {
        File.WriteAllText(Path.Combine(_data, ServiceHeartbeat.FileName), "not a time");

        ServiceHeartbeat.Check(_data, TimeSpan.FromMinutes(5), _time.GetUtcNow()).Message.ShouldContain("unreadable heartbeat file");
    }

    [Fact]
    public async Task HostCommand_Health_UsesTheDataFolderFromTheEnvironment()
    {
        File.WriteAllText(Path.Combine(_data, ServiceHeartbeat.FileName), TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var stdout = new StringWriter();

        var code = await HostCommand.RunAsync(["health", "--max-age", "60"], stdout, TextWriter.Null, new Dictionary<string, string?> { ["AYON_FTRACK_DATA_DIR"] = _data });

        code.ShouldBe(0);
        stdout.ToString().ShouldStartWith("healthy");
    }
}
