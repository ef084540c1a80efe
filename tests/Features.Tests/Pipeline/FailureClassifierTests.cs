using System.Net;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Pipeline;
using FluentValidation;
using FluentValidation.Results;

namespace AyonFtrack.Features.Tests.Pipeline;

public sealed class FailureClassifierTests
{
    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, FailureKind.Transient)]
    [InlineData(HttpStatusCode.InternalServerError, FailureKind.Transient)]
    [InlineData(HttpStatusCode.TooManyRequests, FailureKind.Transient)]
    [InlineData(HttpStatusCode.RequestTimeout, FailureKind.Transient)]
    [InlineData(HttpStatusCode.BadRequest, FailureKind.Permanent)]
    [InlineData(HttpStatusCode.NotFound, FailureKind.Permanent)]
    [InlineData(HttpStatusCode.Forbidden, FailureKind.Permanent)]
    [InlineData(HttpStatusCode.Unauthorized, FailureKind.Unknown)]
    public void Classify_AyonAnswer_ByItsStatus(HttpStatusCode status, FailureKind expected) =>
        FailureClassifier.Classify(new AyonRequestException("POST /api/x", status, null)).ShouldBe(expected);

    [Fact]
    public void Classify_NetworkAndTimeouts_AreTransient() => new Exception[]
    {
        new HttpRequestException("connection refused"),
        new TaskCanceledException("HttpClient.Timeout"),
        new TimeoutException(),
        new IOException("reset"),
        new InvalidOperationException("wrapped", new HttpRequestException("reset")),
    }.Select(FailureClassifier.Classify).ShouldAllBe(k => k == FailureKind.Transient);

    [Fact]
    public void Classify_RefusedInput_IsPermanent() => new Exception[]
    {
        new ValidationException([new ValidationFailure("Id", "missing")]),
        new FtrackValidationException("bad value"),
        new FtrackPermissionException("not allowed"),
        new PermanentFailureException("status 'Not ready' is not in the workflow"),
    }.Select(FailureClassifier.Classify).ShouldAllBe(k => k == FailureKind.Permanent);

    [Fact]
    public void Classify_RejectedCredentialsAndBugs_AreUnknownSoEnrollRetries() => new Exception[]
    {
        new FtrackAuthenticationException("bad key"),
        new InvalidOperationException("a bug"),
        new ArgumentException("a bug"),
    }.Select(FailureClassifier.Classify).ShouldAllBe(k => k == FailureKind.Unknown);

    [Fact]
    public void DelayBefore_DoublesUpToTheMaximum()
    {
        var options = new FailureOptions { TransientBaseDelay = TimeSpan.FromMilliseconds(500), TransientMaxDelay = TimeSpan.FromSeconds(3) };

        Enumerable.Range(1, 5).Select(options.DelayBefore).ShouldBe(
            [TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3)]);
    }
}
