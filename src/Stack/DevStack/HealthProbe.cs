using System.Net;
using Jitsi.Net.Stack.Processes;

namespace Jitsi.Net.Stack.DevStack;

/// <summary>Polls a program's <c>GET /about/health</c> until it answers 200. Used from one task at a time per program.</summary>
internal static class HealthProbe
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public enum Outcome
    {
        Healthy,
        Exited,
        TimedOut,
    }

    /// <summary>Waits until <paramref name="url"/> answers 200, the program exits or <paramref name="timeout"/> passes.</summary>
    public static async Task<Outcome> WaitAsync(
        HttpClient http, Uri url, ChildProcess program, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                if (program.HasExited)
                {
                    return Outcome.Exited;
                }

                if (await AnswersOkAsync(http, url, deadline.Token).ConfigureAwait(false))
                {
                    return Outcome.Healthy;
                }

                await Task.WhenAny(program.Exited, Task.Delay(PollInterval, deadline.Token)).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return program.HasExited ? Outcome.Exited : Outcome.TimedOut;
        }
    }

    private static async Task<bool> AnswersOkAsync(HttpClient http, Uri url, CancellationToken cancellationToken)
    {
        try
        {
            using HttpResponseMessage response = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The request's own timeout: the program is up but slow; ask again.
            return false;
        }
    }
}
