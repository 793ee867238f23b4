using System.Text;
using MeshAgent.Nat.Upnp;

namespace MeshAgent.Nat.Tests;

[TestFixture]
public sealed class UpnpCodecTests
{
    private static readonly Uri Location = new("http://192.168.1.1:5000/rootDesc.xml");

    [Test]
    public void SsdpDecode_GatewayAnswer_LocationAndServer()
    {
        var answer = SsdpCodec.Decode("HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=120\r\nST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\nUSN: uuid:x::urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\nEXT:\r\nSERVER: Debian/12 UPnP/1.1 MiniUPnPd/2.3.1\r\nlocation: http://192.168.1.1:5000/rootDesc.xml\r\n\r\n"u8);

        Assert.Multiple(() =>
        {
            Assert.That(answer.Location, Is.EqualTo(Location));
            Assert.That(answer.Server, Is.EqualTo("Debian/12 UPnP/1.1 MiniUPnPd/2.3.1"));
            Assert.That(answer.SearchTarget, Is.EqualTo(SsdpCodec.InternetGatewayDevice));
        });
    }

    [TestCase("NOTIFY * HTTP/1.1\r\nLOCATION: http://192.168.1.1/x\r\n\r\n", TestName = "SsdpDecode_Notify_Malformed")]
    [TestCase("HTTP/1.1 404 Not Found\r\nLOCATION: http://192.168.1.1/x\r\n\r\n", TestName = "SsdpDecode_NotOk_Malformed")]
    [TestCase("HTTP/1.1 200 OK\r\nST: x\r\n\r\n", TestName = "SsdpDecode_NoLocation_Malformed")]
    [TestCase("HTTP/1.1 200 OK\r\nLOCATION: file:///etc/passwd\r\n\r\n", TestName = "SsdpDecode_FileLocation_Malformed")]
    [TestCase("HTTP/1.1 200 OK\r\nLOCATION: http://router.lan/rootDesc.xml\r\n\r\n", TestName = "SsdpDecode_HostNameLocation_Malformed")]
    [TestCase("HTTP/1.1 200 OK\r\nLOCATION: /rootDesc.xml\r\n\r\n", TestName = "SsdpDecode_RelativeLocation_Malformed")]
    [TestCase("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", TestName = "SsdpDecode_HeaderWithoutName_Malformed")]
    public void SsdpDecode_Hostile_Malformed(string text)
    {
        var e = Assert.Throws<MalformedReplyException>(() => SsdpCodec.Decode(Encoding.ASCII.GetBytes(text)));

        Assert.That(e!.Kind, Is.EqualTo(MalformedReplyKind.Malformed));
    }

    [Test]
    public void SsdpDecode_Oversized_OversizedKind()
    {
        var e = Assert.Throws<MalformedReplyException>(() => SsdpCodec.Decode(new byte[SsdpCodec.MaxDatagramBytes + 1]));

        Assert.That(e!.Kind, Is.EqualTo(MalformedReplyKind.Oversized));
    }

    [Test]
    public void EncodeAddPortMapping_Arguments_InSchemaOrderAndUpperCaseUdp()
    {
        var request = SoapCodec.EncodeAddPortMapping("urn:schemas-upnp-org:service:WANIPConnection:1", 51821, 51820, "10.77.0.2", "meshagent", 7200);
        var body = Encoding.UTF8.GetString(request.Body);

        Assert.Multiple(() =>
        {
            Assert.That(request.SoapAction, Is.EqualTo("\"urn:schemas-upnp-org:service:WANIPConnection:1#AddPortMapping\""));
            Assert.That(body, Does.Contain(
                "<u:AddPortMapping xmlns:u=\"urn:schemas-upnp-org:service:WANIPConnection:1\"><NewRemoteHost></NewRemoteHost><NewExternalPort>51821</NewExternalPort>"
                + "<NewProtocol>UDP</NewProtocol><NewInternalPort>51820</NewInternalPort><NewInternalClient>10.77.0.2</NewInternalClient><NewEnabled>1</NewEnabled>"
                + "<NewPortMappingDescription>meshagent</NewPortMappingDescription><NewLeaseDuration>7200</NewLeaseDuration></u:AddPortMapping>"));
        });
    }

    [Test]
    public void SoapDecode_Response_Arguments()
    {
        var answer = SoapCodec.Decode(Encoding.UTF8.GetBytes(
            "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
            + "<u:GetExternalIPAddressResponse xmlns:u=\"urn:schemas-upnp-org:service:WANIPConnection:1\"><NewExternalIPAddress> 203.0.113.5 </NewExternalIPAddress>"
            + "</u:GetExternalIPAddressResponse></s:Body></s:Envelope>"), "GetExternalIPAddress");

        Assert.Multiple(() =>
        {
            Assert.That(answer.Fault, Is.Null);
            Assert.That(answer.Arguments["NewExternalIPAddress"], Is.EqualTo("203.0.113.5"));
        });
    }

    [Test]
    public void SoapDecode_Fault_CodeAndDescription()
    {
        var answer = SoapCodec.Decode(Encoding.UTF8.GetBytes(
            "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault><faultcode>s:Client</faultcode>"
            + "<faultstring>UPnPError</faultstring><detail><UPnPError xmlns=\"urn:schemas-upnp-org:control-1-0\"><errorCode>725</errorCode>"
            + "<errorDescription>OnlyPermanentLeasesSupported</errorDescription></UPnPError></detail></s:Fault></s:Body></s:Envelope>"), "AddPortMapping");

        Assert.That(answer.Fault, Is.EqualTo(new UpnpFault(725, "OnlyPermanentLeasesSupported")));
    }

    [TestCase("<x/>", MalformedReplyKind.Malformed, TestName = "SoapDecode_NoEnvelope_Malformed")]
    [TestCase("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><u:OtherResponse xmlns:u=\"u\"/></s:Body></s:Envelope>", MalformedReplyKind.Malformed, TestName = "SoapDecode_OtherAction_Malformed")]
    [TestCase("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault><faultcode>s:Client</faultcode></s:Fault></s:Body></s:Envelope>", MalformedReplyKind.Malformed, TestName = "SoapDecode_FaultWithoutCode_Malformed")]
    [TestCase("<!DOCTYPE s [<!ENTITY x \"y\">]><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>&x;</s:Body></s:Envelope>", MalformedReplyKind.DocumentType, TestName = "SoapDecode_Dtd_DocumentType")]
    [TestCase("<s:Envelope", MalformedReplyKind.Malformed, TestName = "SoapDecode_Truncated_Malformed")]
    public void SoapDecode_Hostile_Typed(string xml, MalformedReplyKind kind)
    {
        var e = Assert.Throws<MalformedReplyException>(() => SoapCodec.Decode(Encoding.UTF8.GetBytes(xml), "GetExternalIPAddress"));

        Assert.That(e!.Kind, Is.EqualTo(kind));
    }

    [Test]
    public void SoapDecode_Oversized_OversizedKind()
    {
        var e = Assert.Throws<MalformedReplyException>(() => SoapCodec.Decode(new byte[SoapCodec.MaxAnswerBytes + 1], "GetExternalIPAddress"));

        Assert.That(e!.Kind, Is.EqualTo(MalformedReplyKind.Oversized));
    }

    [TestCase("igd1-wanip1.xml", "http://192.168.1.1:5000/ctl/IPConn|urn:schemas-upnp-org:service:WANIPConnection:1", TestName = "RootDescriptionParse_Igd1_OneWanIpService")]
    [TestCase("igd2-wanip2.xml", "http://192.168.1.1:5000/upnp/control/WANIPConn1|urn:schemas-upnp-org:service:WANIPConnection:1,http://192.168.1.1:5000/upnp/control/WANIPConn2|urn:schemas-upnp-org:service:WANIPConnection:2", TestName = "RootDescriptionParse_Igd2_BothIpGenerations")]
    [TestCase("dsl-ppp-and-ip.xml", "http://192.168.1.1:5000/igdupnp/control/WANIPConn1|urn:schemas-upnp-org:service:WANIPConnection:1,http://192.168.1.1:5000/igdupnp/control/WANPPPConn1|urn:schemas-upnp-org:service:WANPPPConnection:1", TestName = "RootDescriptionParse_UrlBaseRelativeControl_Resolved")]
    [TestCase("no-wan-service.xml", "", TestName = "RootDescriptionParse_NoWanService_Empty")]
    [TestCase("foreign-control-url.xml", "", TestName = "RootDescriptionParse_ForeignControlUrls_Dropped")]
    public void RootDescriptionParse_Fixture_WanServices(string fixture, string expected)
    {
        var text = File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "Upnp", fixture)).Replace("{BASE}", "http://192.168.1.1:5000", StringComparison.Ordinal);

        var services = RootDescription.Parse(Encoding.UTF8.GetBytes(text), Location).Services.Where(s => s.Preference >= 0);

        Assert.That(string.Join(",", services.Select(s => $"{s.ControlUrl}|{s.ServiceType}")), Is.EqualTo(expected));
    }

    [Test]
    public void RootDescriptionParse_EntityExpansion_DocumentType()
    {
        var bytes = File.ReadAllBytes(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "Upnp", "entity-expansion.xml"));

        var e = Assert.Throws<MalformedReplyException>(() => RootDescription.Parse(bytes, Location));

        Assert.That(e!.Kind, Is.EqualTo(MalformedReplyKind.DocumentType));
    }
}
