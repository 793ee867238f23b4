using System.Xml;

namespace MeshAgent.Nat.Upnp;

/// <summary>The WAN connection services an IGD's root description offers, with their control URLs made absolute.</summary>
/// <param name="Services">Every service found in the device tree, in document order.</param>
public sealed record RootDescription(IReadOnlyList<UpnpService> Services)
{
    /// <summary>Root descriptions of real gateways are 2–20 KB; past this one is refused unread.</summary>
    public const int MaxBytes = 128 * 1024;

    /// <summary>
    /// Parses a root description fetched from <paramref name="location"/>. Control URLs resolve against the document's
    /// URLBase (UDA 1.0) or else the location, and must stay on the location's host: a description may not send our
    /// SOAP requests to another machine. Services that break that rule are left out, not fatal.
    /// </summary>
    /// <exception cref="MalformedReplyException">Oversized, a DTD, or not well-formed XML.</exception>
    public static RootDescription Parse(ReadOnlyMemory<byte> document, Uri location)
    {
        ArgumentNullException.ThrowIfNull(location);
        var (urlBase, raw) = UpnpXml.Read(document, MaxBytes, "root description", ReadServices);
        var baseUri = urlBase is not null && Uri.TryCreate(urlBase, UriKind.Absolute, out var declared) && declared.Scheme == Uri.UriSchemeHttp
            ? declared
            : location;
        var services = new List<UpnpService>();
        foreach (var (type, control) in raw)
        {
            if (Uri.TryCreate(baseUri, control, out var controlUrl)
                && controlUrl.Scheme == Uri.UriSchemeHttp
                && string.Equals(controlUrl.Host, location.Host, StringComparison.OrdinalIgnoreCase))
            {
                services.Add(new UpnpService(type, controlUrl));
            }
        }

        return new RootDescription(services);
    }

    // Names are matched without namespace: real gateways get the device namespace wrong often enough.
    private static (string? UrlBase, List<(string Type, string Control)> Services) ReadServices(XmlReader reader)
    {
        string? urlBase = null;
        var services = new List<(string, string)>();
        string? type = null, control = null;
        var inService = false;
        reader.MoveToContent();
        while (!reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element)
            {
                switch (reader.LocalName)
                {
                    case "URLBase" when reader.Depth == 1:
                        urlBase = reader.ReadElementContentAsString().Trim();
                        continue;
                    case "service" when !reader.IsEmptyElement:
                        inService = true;
                        type = control = null;
                        break;
                    case "serviceType" when inService:
                        type = reader.ReadElementContentAsString().Trim();
                        continue;
                    case "controlURL" when inService:
                        control = reader.ReadElementContentAsString().Trim();
                        continue;
                    default:
                        break;
                }
            }
            else if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "service" && inService)
            {
                if (!string.IsNullOrEmpty(type) && !string.IsNullOrEmpty(control))
                {
                    services.Add((type, control));
                }

                inService = false;
            }

            reader.Read();
        }

        return (urlBase, services);
    }
}

/// <summary>One service of the device tree.</summary>
/// <param name="ServiceType">Its URN, e.g. <c>urn:schemas-upnp-org:service:WANIPConnection:2</c>.</param>
/// <param name="ControlUrl">Where its SOAP actions are posted.</param>
public sealed record UpnpService(string ServiceType, Uri ControlUrl)
{
    /// <summary>WAN connection services that map ports, most preferred first (v2 has AddAnyPortMapping and clearer faults).</summary>
    public static readonly IReadOnlyList<string> WanConnectionTypes =
    [
        "urn:schemas-upnp-org:service:WANIPConnection:2",
        "urn:schemas-upnp-org:service:WANIPConnection:1",
        "urn:schemas-upnp-org:service:WANPPPConnection:1",
    ];

    /// <summary>This service's place in <see cref="WanConnectionTypes"/>, or -1 when it maps no ports.</summary>
    public int Preference
    {
        get
        {
            for (var i = 0; i < WanConnectionTypes.Count; i++)
            {
                if (string.Equals(ServiceType, WanConnectionTypes[i], StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
