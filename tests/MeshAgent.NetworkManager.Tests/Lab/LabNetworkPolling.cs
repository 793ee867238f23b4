using MeshAgent.Lab;

namespace MeshAgent.NetworkManager.Tests.Lab;

/// <summary>Polling shorthand for the NM lab tests (NM and the kernel settle asynchronously after a change).</summary>
internal static class LabNetworkPolling
{
    /// <summary>Polls <paramref name="condition"/> for up to 60 s; throws TimeoutException naming <paramref name="what"/>.</summary>
    public static Task Poll(this LabNetwork lab, string what, Func<Task<bool>> condition) =>
        global::MeshAgent.Lab.Poll.UntilAsync(condition, TimeSpan.FromSeconds(60), $"{what} (lab {lab.Prefix})");
}
