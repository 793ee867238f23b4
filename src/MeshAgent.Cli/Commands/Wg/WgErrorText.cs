using System.Runtime.InteropServices;
using MeshAgent.WireGuard;

namespace MeshAgent.Cli.Commands.Wg;

/// <summary>wg(8)'s error wording: perror-style "what: strerror(errno)".</summary>
internal static class WgErrorText
{
    /// <summary>The strerror text of the failure, or its message when no errno is known.</summary>
    public static string Reason(WireGuardException exception) =>
        exception.Errno != 0 ? Marshal.GetPInvokeErrorMessage(exception.Errno) : exception.Message;

    /// <summary>The perror-style text for an I/O failure such as fopen.</summary>
    public static string Reason(IOException exception) => exception switch
    {
        FileNotFoundException or DirectoryNotFoundException => Marshal.GetPInvokeErrorMessage(2),
        _ => exception.Message,
    };
}
