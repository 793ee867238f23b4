namespace MeshAgent.Core.Threading;

/// <summary>
/// Awaiting a task that a library completes on its own receive loop (Tmds.DBus.Protocol completes replies
/// there), then leaving that thread. Our await would otherwise go on on the loop, up into the caller: a caller
/// that then blocks (NUnit's Assert.ThrowsAsync does; so would any .Result) blocks the loop its own next reply
/// needs. ConfigureAwait's ForceYielding does not help: it only yields when the task is complete already.
/// </summary>
public static class OffLoop
{
    /// <summary>Awaits <paramref name="task"/>, then yields to the thread pool, also when it failed.</summary>
    public static async Task<T> AwaitAsync<T>(Task<T> task)
    {
        ArgumentNullException.ThrowIfNull(task);
        try
        {
            return await task.ConfigureAwait(false);
        }
        finally
        {
            await Task.Yield();
        }
    }

    /// <summary>Awaits <paramref name="task"/>, then yields to the thread pool, also when it failed.</summary>
    public static async Task AwaitAsync(Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        try
        {
            await task.ConfigureAwait(false);
        }
        finally
        {
            await Task.Yield();
        }
    }
}
