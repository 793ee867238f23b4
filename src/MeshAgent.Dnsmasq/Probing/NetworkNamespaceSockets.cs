using System.ComponentModel;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using MeshAgent.Interop;

namespace MeshAgent.Dnsmasq.Probing;

/// <summary>
/// Opens UDP sockets inside another network namespace: a dedicated thread joins the namespace, creates the
/// socket (which stays in that namespace for life) and ends, so no pooled thread ever changes namespace.
/// </summary>
// For tests: the lab probes a dnsmasq that runs in a lab host's namespace.
internal static class NetworkNamespaceSockets
{
    /// <summary>A factory for <see cref="DnsClient"/> opening sockets in the namespace at <paramref name="namespacePath"/> (/run/netns/NAME).</summary>
    public static Func<AddressFamily, Socket> Factory(string namespacePath) => family => Create(namespacePath, family);

    private static Socket Create(string namespacePath, AddressFamily family)
    {
        Socket? socket = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle(namespacePath);
                if (Interop.Interop.Libc.SetNs(handle, Interop.Interop.Libc.CLONE_NEWNET) != 0)
                {
                    throw new Win32Exception(Marshal.GetLastPInvokeError(), $"setns {namespacePath}");
                }

                socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
            }
            catch (Exception e) when (e is Win32Exception or IOException or UnauthorizedAccessException or SocketException)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        return socket ?? throw new IOException($"cannot open a socket in {namespacePath}", failure);
    }
}
