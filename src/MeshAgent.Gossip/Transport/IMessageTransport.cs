using System.Net;
using MeshAgent.Gossip.Membership;
using MeshAgent.Gossip.Wire;

namespace MeshAgent.Gossip.Transport;

/// <summary>
/// A transport that can carry decoded messages instead of sealed bytes (the in-memory network in message mode):
/// no compression, encryption or decoding per hop, which makes 10,000-member simulations affordable. Byte
/// counts are still reported as the uncompressed, unencrypted wire size. Real sockets never implement this.
/// </summary>
internal interface IMessageTransport
{
    /// <summary>True when messages, not bytes, should be sent.</summary>
    bool CarriesMessages { get; }

    /// <summary>Sends <paramref name="messages"/> as one packet of <paramref name="wireBytes"/> bytes; best effort.</summary>
    void SendMessages(IPEndPoint destination, List<WireMessage> messages, int wireBytes);

    /// <summary>
    /// Stream exchange like <see cref="IGossipTransport.SendStream"/>: <paramref name="onComplete"/> gets the reply,
    /// <see cref="Ack"/> with sequence 0 when no reply was expected and the write succeeded, or null on failure.
    /// </summary>
    void SendStreamMessage(IPEndPoint destination, IGossipMessage message, bool expectReply, TimeSpan timeout, Action<IGossipMessage?> onComplete);
}

/// <summary>Receives what an <see cref="IMessageTransport"/> delivers.</summary>
internal interface IMessageTransportHandler
{
    /// <summary>A packet of messages arrived. Must not throw.</summary>
    void OnMessages(IPEndPoint source, List<WireMessage> messages);

    /// <summary>A stream message arrived; returns the reply or null. Must not throw.</summary>
    IGossipMessage? OnStreamMessage(IPEndPoint source, IGossipMessage message);
}
