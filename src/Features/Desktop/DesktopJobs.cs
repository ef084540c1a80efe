using AyonFtrack.Features.Common;
using AyonFtrack.Features.Common.Actions;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Features.Desktop;

/// <summary>
/// An artist action's work under an ftrack Job whose end follows the reply: <c>running</c> first, then <c>done</c> with the
/// reply's message when the action succeeded, <c>failed</c> with it when it did not (a readable refusal found while
/// working), and <c>failed</c> with the error when the work throws (the exception is rethrown for the reply).
/// </summary>
public static class DesktopJobs
{
    /// <summary>Runs <paramref name="work"/> under a Job described by <paramref name="description"/>.</summary>
    public static async Task<ActionResult> RunAsync(UserActionRuntime runtime, FtrackSession session, FtrackEvent e, string description,
        Func<string, CancellationToken, Task<ActionResult>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(work);
        var jobId = await runtime.Actions.StartJobAsync(e, description, cancellationToken);
        ActionResult result;
        try
        {
            result = await work(jobId, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            session.Rollback();
            await runtime.Actions.UpdateJobAsync(jobId, ActionJobStatus.Failed, $"{description}: failed ({ex.Message})", cancellationToken);
            throw;
        }

        var (success, message) = result switch
        {
            ActionResult.Text text => (text.Success, text.Content),
            ActionResult.Outcome outcome => (outcome.Success, outcome.Success ? "finished" : "failed"),
            _ => (true, "finished"),
        };
        session.Rollback();
        await runtime.Actions.UpdateJobAsync(jobId, success ? ActionJobStatus.Done : ActionJobStatus.Failed, $"{description}: {message}", cancellationToken);
        return result;
    }
}
