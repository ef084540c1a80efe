using System.Text.Json.Nodes;
using AyonFtrack.Integration.Tests.Support;

namespace AyonFtrack.Integration.Tests.Transmit;

/// <summary>
/// Issue 14 (6): the transmitter's comment sync follows the revoked-key rule too. The enroll loop is kept idle (a long
/// idle delay), so only the comment sync's timer meets AYON's 401s; after <c>Transmitter:UnauthorizedExitAfter</c> the
/// service exits with code 78 naming AYON_API_KEY instead of failing a run every tick forever.
/// </summary>
public sealed class CommentSyncKeyRevokedTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Transmitter_AyonKeyRevokedWhileOnlyTheCommentSyncRuns_ExitsWithCode78AfterTheConfiguredTime()
    {
        await using var world = await ServiceWorld.StartAsync();
        await using var transmitter = HostProcess.Start(
            world.Environment("ftrack-transmitter"),
            "transmitter", "--Transmitter:IdleDelay", "00:10:00", "--CommentSync:Interval", "00:00:00.100",
            "--Transmitter:UnauthorizedExitAfter", "00:00:02", "--Service:MaxRetryDelay", "00:00:01");
        await transmitter.WaitForAsync(lines => lines.Any(l => l.Contains("Connected to ftrack", StringComparison.Ordinal)), Deadline, "the ftrack connection");

        await world.Ayon.AddUserAsync("service", null, new JsonObject { ["isService"] = true }, null, CancellationToken.None);

        (await transmitter.WaitForExitAsync(Deadline)).ShouldBe(78, string.Join('\n', transmitter.Lines.TakeLast(20)));
        transmitter.Lines.ShouldContain(l => l.Contains("Comment sync: AYON rejects the service's API key (401)", StringComparison.Ordinal));
        transmitter.Lines.ShouldContain(l => l.Contains("AYON_API_KEY", StringComparison.Ordinal)
            && l.Contains("Transmitter:UnauthorizedExitAfter", StringComparison.Ordinal));
    }
}
