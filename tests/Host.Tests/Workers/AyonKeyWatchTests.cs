using System.Net;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Host.Workers;
using Microsoft.Extensions.Time.Testing;

namespace AyonFtrack.Host.Tests.Workers;

/// <summary>Issue 14 (6): the revoked-key rule every loop that talks to AYON follows, on a fake clock.</summary>
public sealed class AyonKeyWatchTests
{
    private const string Setting = "Leecher:UnauthorizedExitAfter";
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Rejected_ForLessThanTheLimit_ReturnsHowLongSoFar()
    {
        var watch = new AyonKeyWatch(_time);

        watch.Rejected(Limit, Setting).ShouldBe(TimeSpan.Zero);
        _time.Advance(TimeSpan.FromMinutes(4));

        watch.Rejected(Limit, Setting).ShouldBe(TimeSpan.FromMinutes(4));
        watch.IsRejected.ShouldBeTrue();
    }

    [Fact]
    public void Rejected_ForTheLimit_ThrowsAConfigurationErrorNamingTheKeyAndTheSetting()
    {
        var watch = new AyonKeyWatch(_time);
        watch.Rejected(Limit, Setting);
        _time.Advance(Limit);

        var error = Should.Throw<ConfigurationException>(() => watch.Rejected(Limit, Setting));

        error.Message.ShouldBe("AYON has rejected the service's API key (401) for 300 s; check AYON_API_KEY (Leecher:UnauthorizedExitAfter sets the wait)");
    }

    [Fact]
    public void Rejected_ForTheLimitWithWhatWasRefused_NamesItInTheMessage()
    {
        var watch = new AyonKeyWatch(_time);
        watch.Rejected(Limit, Setting, "read the addon settings");
        _time.Advance(Limit);

        var error = Should.Throw<ConfigurationException>(() => watch.Rejected(Limit, Setting, "read the addon settings"));

        error.Message.ShouldBe("AYON has rejected the service's API key (401 to read the addon settings) for 300 s; check AYON_API_KEY (Leecher:UnauthorizedExitAfter sets the wait)");
    }

    [Fact]
    public void Accepted_BetweenRejections_StartsTheWaitAgain()
    {
        var watch = new AyonKeyWatch(_time);
        watch.Rejected(Limit, Setting);
        _time.Advance(TimeSpan.FromMinutes(4));

        watch.Accepted();
        watch.IsRejected.ShouldBeFalse();
        _time.Advance(TimeSpan.FromMinutes(2));

        watch.Rejected(Limit, Setting).ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void IsUnauthorized_AyonAndHttpClient401_TrueAndOtherStatusesFalse()
    {
        AyonKeyWatch.IsUnauthorized(new AyonRequestException("POST /api/events", HttpStatusCode.Unauthorized, "bad key")).ShouldBeTrue();
        AyonKeyWatch.IsUnauthorized(new HttpRequestException("no", null, HttpStatusCode.Unauthorized)).ShouldBeTrue();
        AyonKeyWatch.IsUnauthorized(new AyonRequestException("POST /api/events", HttpStatusCode.Forbidden, "no")).ShouldBeFalse();
        AyonKeyWatch.IsUnauthorized(new HttpRequestException("down")).ShouldBeFalse();
    }
}
