using AyonFtrack.Features.Transmit;
using Microsoft.Extensions.Time.Testing;

namespace AyonFtrack.Features.Tests.Transmit;

public sealed class NotePacerTests
{
    [Fact]
    public void WaitTurnAsync_FirstNoteOnEntity_CompletesAtOnce()
    {
        var pacer = new NotePacer(new FakeTimeProvider());

        pacer.WaitTurnAsync("task-1", CancellationToken.None).IsCompleted.ShouldBeTrue();
    }

    [Fact]
    public async Task WaitTurnAsync_SecondNoteOnSameEntity_WaitsUntilOneSecondPassed()
    {
        var time = new FakeTimeProvider();
        var pacer = new NotePacer(time);
        pacer.Created("task-1");
        time.Advance(TimeSpan.FromMilliseconds(300));

        var turn = pacer.WaitTurnAsync("task-1", CancellationToken.None);
        turn.IsCompleted.ShouldBeFalse();
        time.Advance(TimeSpan.FromMilliseconds(699));
        turn.IsCompleted.ShouldBeFalse();
        time.Advance(TimeSpan.FromMilliseconds(1));

        await turn.WaitAsync(TimeSpan.FromSeconds(30));
        turn.IsCompletedSuccessfully.ShouldBeTrue();
    }

    [Fact]
    public void WaitTurnAsync_OtherEntity_DoesNotWait()
    {
        var time = new FakeTimeProvider();
        var pacer = new NotePacer(time);
        pacer.Created("task-1");

        pacer.WaitTurnAsync("task-2", CancellationToken.None).IsCompleted.ShouldBeTrue();
    }

    [Fact]
    public void WaitTurnAsync_OneSecondAlreadyPassed_CompletesAtOnce()
    {
        var time = new FakeTimeProvider();
        var pacer = new NotePacer(time);
        pacer.Created("task-1");
        time.Advance(NotePacer.Spacing);

        pacer.WaitTurnAsync("task-1", CancellationToken.None).IsCompleted.ShouldBeTrue();
    }
}
