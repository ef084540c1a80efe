using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Transmit;
using AyonFtrack.Server.Settings;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AyonFtrack.Features.Tests.Transmit;

public sealed class TransmitReadCacheTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);
    private static readonly WorkflowScope Scope = new("schema-1", "task", "type-comp");

    private sealed class StatusReader
    {
        public int Calls { get; private set; }

        public Task<IReadOnlyList<PushStatus.FtrackStatus>> ReadAsync(CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult<IReadOnlyList<PushStatus.FtrackStatus>>([new("s1", "Approved"), new($"s{Calls + 1}", "In progress")]);
        }
    }

    private static (TransmitReadCache Cache, FakeTimeProvider Time, FtrackConnection Connection) Create(TimeSpan ttl)
    {
        var time = new FakeTimeProvider();
        var connection = new FtrackConnection();
        connection.Use(new FtrackCredentials(new Uri("https://studio.ftrackapp.com"), "service", "secret-key"));
        var cache = new TransmitReadCache(time, Options.Create(new TransmitOptions { ReadCacheTtl = ttl }), connection, NullLogger<TransmitReadCache>.Instance);
        return (cache, time, connection);
    }

    [Fact]
    public void TransmitOptions_Default_IsTenSeconds() => new TransmitOptions().ReadCacheTtl.ShouldBe(TimeSpan.FromSeconds(10));

    [Theory]
    [InlineData("00:00:00", true)]
    [InlineData("00:00:10", true)]
    [InlineData("01:00:00", true)]
    [InlineData("01:00:01", false)]
    [InlineData("-00:00:01", false)]
    public void TransmitOptions_ReadCacheTtl_ValidOnlyFromZeroToAnHour(string ttl, bool valid)
    {
        var options = new TransmitOptions { ReadCacheTtl = TimeSpan.Parse(ttl, System.Globalization.CultureInfo.InvariantCulture) };

        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new System.ComponentModel.DataAnnotations.ValidationContext(options), null, validateAllProperties: true)
            .ShouldBe(valid);
    }

    [Fact]
    public async Task StatusesAsync_SameWorkflowWithinTtl_ReadsOnce()
    {
        var (cache, time, _) = Create(Ttl);
        var reader = new StatusReader();

        await cache.StatusesAsync(Scope, reader.ReadAsync, CancellationToken.None);
        time.Advance(Ttl / 2);
        var second = await cache.StatusesAsync(Scope, reader.ReadAsync, CancellationToken.None);

        second.FromCache.ShouldBeTrue();
        second.Value.Select(s => s.Name).ShouldBe(["Approved", "In progress"]);
        reader.Calls.ShouldBe(1);
    }

    [Fact]
    public async Task StatusesAsync_TtlElapsed_ReadsAgain()
    {
        var (cache, time, _) = Create(Ttl);
        var reader = new StatusReader();

        await cache.StatusesAsync(Scope, reader.ReadAsync, CancellationToken.None);
        time.Advance(Ttl);
        var again = await cache.StatusesAsync(Scope, reader.ReadAsync, CancellationToken.None);

        again.FromCache.ShouldBeFalse();
        again.Value[1].Id.ShouldBe("s3");
        reader.Calls.ShouldBe(2);
    }

    [Fact]
    public async Task StatusesAsync_OtherWorkflow_ReadsSeparately()
    {
        var (cache, _, _) = Create(Ttl);
        var reader = new StatusReader();

        await cache.StatusesAsync(Scope, reader.ReadAsync, CancellationToken.None);
        await cache.StatusesAsync(Scope with { TypeId = "type-anim" }, reader.ReadAsync, CancellationToken.None);
        await cache.StatusesAsync(Scope, reader.ReadAsync, CancellationToken.None);

        reader.Calls.ShouldBe(2);
    }

    [Fact]
    public async Task ForgetStatuses_Workflow_NextReadLoads()
    {
        var (cache, _, _) = Create(Ttl);
        var reader = new StatusReader();
        await cache.StatusesAsync(Scope, reader.ReadAsync, CancellationToken.None);

        cache.ForgetStatuses(Scope, "test");
        var again = await cache.StatusesAsync(Scope, reader.ReadAsync, CancellationToken.None);

        again.FromCache.ShouldBeFalse();
        reader.Calls.ShouldBe(2);
    }

    [Fact]
    public async Task Clear_Everything_NextReadLoads()
    {
        var (cache, _, _) = Create(Ttl);
        var reader = new StatusReader();
        await cache.StatusesAsync(Scope, reader.ReadAsync, CancellationToken.None);

        cache.Clear("test");
        await cache.StatusesAsync(Scope, reader.ReadAsync, CancellationToken.None);

        reader.Calls.ShouldBe(2);
    }

    [Fact]
    public async Task StatusesAsync_FtrackServerChanged_ReadsAgain()
    {
        var (cache, _, connection) = Create(Ttl);
        var reader = new StatusReader();
        await cache.StatusesAsync(Scope, reader.ReadAsync, CancellationToken.None);

        connection.Use(new FtrackCredentials(new Uri("https://other.ftrackapp.com"), "service", "secret-key"));
        var again = await cache.StatusesAsync(Scope, reader.ReadAsync, CancellationToken.None);

        again.FromCache.ShouldBeFalse();
        reader.Calls.ShouldBe(2);
    }

    [Fact]
    public async Task StatusesAsync_ZeroTtl_ReadsEveryTime()
    {
        var (cache, _, _) = Create(TimeSpan.Zero);
        var reader = new StatusReader();

        await cache.StatusesAsync(Scope, reader.ReadAsync, CancellationToken.None);
        await cache.StatusesAsync(Scope, reader.ReadAsync, CancellationToken.None);

        reader.Calls.ShouldBe(2);
    }

    [Fact]
    public void TransmitProjectSettings_FromSettingsWithCredentials_KeepsNoSecret()
    {
        var settings = FtrackSettings.Parse("""
            {"enabled": false, "service_settings": {"username": "svc-user-secret", "api_key": "the-real-api-key-123"}}
            """);

        var kept = TransmitProjectSettings.From(settings);

        kept.Enabled.ShouldBeFalse();
        kept.ToString().ShouldNotContain("the-real-api-key-123");
        kept.ToString().ShouldNotContain("svc-user-secret");
        typeof(TransmitProjectSettings).GetProperties().Select(p => p.PropertyType).ShouldNotContain(typeof(ServiceSettings));
    }
}
