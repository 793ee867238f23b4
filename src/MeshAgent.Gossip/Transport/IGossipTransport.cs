using System.Net;

namespace MeshAgent.Gossip.Transport;

/// <summary>
/// Moves sealed gossip bytes: unreliable packets (UDP) and request/reply streams (TCP), like memberlist's
/// <c>Transport</c>. Implementations: <see cref="SocketTransport"/> (real sockets) and <see cref="InMemoryNetwork"/>
/// endpoints (tests and simulation). Methods may be called from any thread; callbacks into the handler may
/// arrive on any thread (the handler serialises).
/// </summary>
public interface IGossipTransport : IAsyncDisposable
{
    /// <summary>The address and port other members use to reach this node (advertised in alive messages).</summary>
    IPEndPoint AdvertiseEndPoint { get; }

    /// <summary>Starts receiving; must be called once before anything is sent.</summary>
    void Start(IGossipTransportHandler handler);

    /// <summary>Sends one packet; best effort, never throws for network errors (they are counted).</summary>
    void SendPacket(IPEndPoint destination, byte[] packet);

    /// <summary>
    /// Opens a stream to <paramref name="destination"/>, writes <paramref name="message"/> and, when
    /// <paramref name="expectReply"/>, reads one complete reply. <paramref name="onComplete"/> is called exactly
    /// once with the reply, an empty array when no reply was expected and the write succeeded, or null on
    /// failure or after <paramref name="timeout"/>.
    /// </summary>
    void SendStream(IPEndPoint destination, byte[] message, bool expectReply, TimeSpan timeout, Action<byte[]?> onComplete);
}

/// <summary>Receives what a transport delivers.</summary>
public interface IGossipTransportHandler
{
    /// <summary>A packet arrived from <paramref name="source"/>. Must not throw.</summary>
    void OnPacket(IPEndPoint source, byte[] packet);

    /// <summary>
    /// A complete stream message arrived; returns the sealed reply to write back, or null for none. Must not throw.
    /// </summary>
    byte[]? OnStream(IPEndPoint source, byte[] message);
}
