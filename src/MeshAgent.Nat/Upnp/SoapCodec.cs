using System.Globalization;
using System.Security;
using System.Text;
using System.Xml;

namespace MeshAgent.Nat.Upnp;

/// <summary>
/// UPnP control messages (UDA 1.1 section 3.2, SOAP 1.1): pure encoders of action requests and a decoder of the
/// answers, which throws only <see cref="MalformedReplyException"/>.
/// </summary>
public static class SoapCodec
{
    /// <summary>A real answer is under 1 KB; past this one is refused unread (a hostile gateway could stream forever).</summary>
    public const int MaxAnswerBytes = 16 * 1024;

    /// <summary>The SOAPAction header value and the envelope for <paramref name="action"/> of <paramref name="serviceType"/>.</summary>
    public static SoapRequest Encode(string serviceType, string action, IReadOnlyList<KeyValuePair<string, string>> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var body = new StringBuilder();
        body.Append("<?xml version=\"1.0\"?>\r\n")
            .Append("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\">")
            .Append("<s:Body><u:").Append(action).Append(" xmlns:u=\"").Append(SecurityElement.Escape(serviceType)).Append("\">");
        foreach (var (name, value) in arguments)
        {
            body.Append('<').Append(name).Append('>').Append(SecurityElement.Escape(value)).Append("</").Append(name).Append('>');
        }

        body.Append("</u:").Append(action).Append("></s:Body></s:Envelope>\r\n");
        return new SoapRequest($"\"{serviceType}#{action}\"", Encoding.UTF8.GetBytes(body.ToString()));
    }

    /// <summary>AddPortMapping (WANIPConnection v1/v2, WANPPPConnection v1): UDP, upper case, as real gateways compare it.</summary>
    public static SoapRequest EncodeAddPortMapping(string serviceType, ushort externalPort, ushort internalPort, string internalClient, string description, uint leaseSeconds) =>
        Encode(serviceType, "AddPortMapping",
        [
            new("NewRemoteHost", string.Empty),
            new("NewExternalPort", externalPort.ToString(CultureInfo.InvariantCulture)),
            new("NewProtocol", "UDP"),
            new("NewInternalPort", internalPort.ToString(CultureInfo.InvariantCulture)),
            new("NewInternalClient", internalClient),
            new("NewEnabled", "1"),
            new("NewPortMappingDescription", description),
            new("NewLeaseDuration", leaseSeconds.ToString(CultureInfo.InvariantCulture)),
        ]);

    /// <summary>DeletePortMapping of the UDP mapping on <paramref name="externalPort"/>.</summary>
    public static SoapRequest EncodeDeletePortMapping(string serviceType, ushort externalPort) =>
        Encode(serviceType, "DeletePortMapping",
        [
            new("NewRemoteHost", string.Empty),
            new("NewExternalPort", externalPort.ToString(CultureInfo.InvariantCulture)),
            new("NewProtocol", "UDP"),
        ]);

    /// <summary>GetExternalIPAddress: answers NewExternalIPAddress.</summary>
    public static SoapRequest EncodeGetExternalIPAddress(string serviceType) => Encode(serviceType, "GetExternalIPAddress", []);

    /// <summary>GetStatusInfo: answers NewConnectionStatus ("Connected" when the WAN link is up).</summary>
    public static SoapRequest EncodeGetStatusInfo(string serviceType) => Encode(serviceType, "GetStatusInfo", []);

    /// <summary>Decodes the answer to <paramref name="action"/>: its out arguments, or the UPnP fault the gateway sent.</summary>
    /// <exception cref="MalformedReplyException">Oversized, a DTD, not XML, or neither an action response nor a fault.</exception>
    public static SoapAnswer Decode(ReadOnlyMemory<byte> answer, string action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return UpnpXml.Read(answer, MaxAnswerBytes, "SOAP answer", reader => ReadAnswer(reader, action));
    }

    private static SoapAnswer ReadAnswer(XmlReader reader, string action)
    {
        reader.MoveToContent();
        if (reader.LocalName != "Envelope" || !reader.ReadToDescendant("Body", "http://schemas.xmlsoap.org/soap/envelope/"))
        {
            throw new MalformedReplyException("SOAP answer has no Envelope/Body");
        }

        if (reader.IsEmptyElement || !Read(reader) || !SkipToElement(reader))
        {
            throw new MalformedReplyException("SOAP Body is empty");
        }

        if (reader.LocalName == "Fault")
        {
            return ReadFault(reader);
        }

        if (reader.LocalName != action + "Response")
        {
            throw new MalformedReplyException($"SOAP answer is {reader.LocalName}, not {action}Response");
        }

        var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
        if (reader.IsEmptyElement)
        {
            return new SoapAnswer(arguments, null);
        }

        var depth = reader.Depth;
        Read(reader);
        while (!reader.EOF && reader.Depth > depth)
        {
            if (reader.NodeType == XmlNodeType.Element)
            {
                var name = reader.LocalName;
                arguments[name] = reader.ReadElementContentAsString().Trim();
                continue;
            }

            Read(reader);
        }

        return new SoapAnswer(arguments, null);
    }

    private static SoapAnswer ReadFault(XmlReader reader)
    {
        int? code = null;
        string? description = null;
        var depth = reader.Depth;
        if (!reader.IsEmptyElement)
        {
            Read(reader);
            while (!reader.EOF && reader.Depth > depth)
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName is "errorCode" or "errorDescription")
                {
                    var name = reader.LocalName;
                    var text = reader.ReadElementContentAsString().Trim();
                    if (name == "errorDescription")
                    {
                        description = text;
                    }
                    else if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
                    {
                        code = parsed;
                    }

                    continue;
                }

                Read(reader);
            }
        }

        return code is null
            ? throw new MalformedReplyException("SOAP fault carries no UPnPError errorCode")
            : new SoapAnswer(new Dictionary<string, string>(), new UpnpFault(code.Value, description ?? string.Empty));
    }

    private static bool Read(XmlReader reader) => reader.Read();

    private static bool SkipToElement(XmlReader reader)
    {
        while (reader.NodeType != XmlNodeType.Element)
        {
            if (reader.NodeType == XmlNodeType.EndElement || !reader.Read())
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>A control request ready to post.</summary>
/// <param name="SoapAction">The SOAPAction header value, quoted as UDA requires.</param>
/// <param name="Body">The UTF-8 envelope.</param>
public sealed record SoapRequest(string SoapAction, byte[] Body);

/// <summary>An action's answer: its out arguments, or a fault.</summary>
/// <param name="Arguments">Out arguments by name (empty on a fault).</param>
/// <param name="Fault">The UPnP error, or null on success.</param>
public sealed record SoapAnswer(IReadOnlyDictionary<string, string> Arguments, UpnpFault? Fault);

/// <summary>A UPnPError from a SOAP fault.</summary>
/// <param name="Code">The UPnP error code (402 Invalid Args, 718 ConflictInMappingEntry, 725 OnlyPermanentLeasesSupported, ...).</param>
/// <param name="Description">The gateway's text, for logs.</param>
public sealed record UpnpFault(int Code, string Description)
{
    /// <summary>Invalid Args: some gateways send it for any non-zero lease.</summary>
    public const int InvalidArgs = 402;

    /// <summary>ConflictInMappingEntry: the external port is taken by another client.</summary>
    public const int ConflictInMappingEntry = 718;

    /// <summary>OnlyPermanentLeasesSupported (IGD v1 WANIPConnection).</summary>
    public const int OnlyPermanentLeasesSupported = 725;
}
