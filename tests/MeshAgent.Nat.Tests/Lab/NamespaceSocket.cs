using System.ComponentModel;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace MeshAgent.Nat.Tests.Lab;

/// <summary>Opens a UDP socket inside a lab host's namespace on a thread of its own, so no pooled thread changes namespace.</summary>
internal static class NamespaceSocket
{
    public static Func<AddressFamily, Socket> Factory(string namespaceName) =>
        family => Create($"/run/netns/{namespaceName}", family, SocketType.Dgram, ProtocolType.Udp);

    /// <summary>A factory of any socket type in the namespace (UPnP needs TCP for HTTP besides UDP for SSDP).</summary>
    public static Func<AddressFamily, SocketType, ProtocolType, Socket> AnyFactory(string namespaceName) =>
        (family, type, protocol) => Create($"/run/netns/{namespaceName}", family, type, protocol);

    private static Socket Create(string namespacePath, AddressFamily family, SocketType type, ProtocolType protocol)
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

                socket = new Socket(family, type, protocol);
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
