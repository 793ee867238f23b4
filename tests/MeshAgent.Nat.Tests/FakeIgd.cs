using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Xml.Linq;

namespace MeshAgent.Nat.Tests;

/// <summary>
/// A loopback UPnP IGD: an SSDP responder (unicast, and a second socket standing in for the multicast group) and an
/// HttpListener serving a root-description fixture and answering SOAP on its control URLs.
/// </summary>
internal sealed class FakeIgd : IAsyncDisposable
{
    private readonly UdpClient _unicast = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly UdpClient _multicast = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly HttpListener _http = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private readonly string _description;

    public FakeIgd(string fixture, bool answerUnicast = true, bool answerMulticast = true)
    {
        HttpPort = FreeTcpPort();
        BaseUrl = $"http://127.0.0.1:{HttpPort}";
        _description = File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "Upnp", fixture)).Replace("{BASE}", BaseUrl, StringComparison.Ordinal);
        _http.Prefixes.Add(BaseUrl + "/");
        _http.Start();
        _loops.Add(Task.Run(ServeHttpAsync));
        if (answerUnicast)
        {
            _loops.Add(Task.Run(() => AnswerSsdpAsync(_unicast)));
        }

        if (answerMulticast)
        {
            _loops.Add(Task.Run(() => AnswerSsdpAsync(_multicast)));
        }
    }

    public int HttpPort { get; }

    public string BaseUrl { get; }

    public int SsdpPort => ((IPEndPoint)_unicast.Client.LocalEndPoint!).Port;

    public IPEndPoint MulticastEndPoint => (IPEndPoint)_multicast.Client.LocalEndPoint!;

    /// <summary>NewConnectionStatus per control path (default Connected).</summary>
    public Dictionary<string, string> Status { get; } = [];

    /// <summary>NewExternalIPAddress per control path (default 198.51.100.20).</summary>
    public Dictionary<string, string> External { get; } = [];

    /// <summary>Answer AddPortMapping with a non-zero lease by this fault code (725 or 402), as lease-shy routers do.</summary>
    public int? TimedLeaseFault { get; set; }

    /// <summary>Answer every SOAP request with a body this large.</summary>
    public int? OversizedAnswerBytes { get; set; }

    /// <summary>Every SOAP request: control path, action and its arguments.</summary>
    public List<(string Path, string Action, Dictionary<string, string> Arguments)> Requests { get; } = [];

    /// <summary>Live mappings: external port to (internal client, internal port, lease).</summary>
    public Dictionary<int, (string Client, int InternalPort, uint Lease)> Mappings { get; } = [];

    public List<(string Path, string Action, Dictionary<string, string> Arguments)> RequestsOf(string action)
    {
        lock (Requests)
        {
            return Requests.Where(r => r.Action == action).ToList();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _unicast.Dispose();
        _multicast.Dispose();
        _http.Close();
        foreach (var loop in _loops)
        {
            try
            {
                await loop;
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or HttpListenerException or SocketException)
            {
            }
        }

        _stop.Dispose();
    }

    private static int FreeTcpPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task AnswerSsdpAsync(UdpClient socket)
    {
        while (!_stop.IsCancellationRequested)
        {
            var request = await socket.ReceiveAsync(_stop.Token);
            if (!Encoding.ASCII.GetString(request.Buffer).StartsWith("M-SEARCH * HTTP/1.1", StringComparison.Ordinal))
            {
                continue;
            }

            // Two answers for two device types at one location, as real gateways send: the client keeps one.
            foreach (var st in new[] { "urn:schemas-upnp-org:device:InternetGatewayDevice:1", "upnp:rootdevice" })
            {
                var answer = $"HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=120\r\nST: {st}\r\nUSN: uuid:fake::{st}\r\nEXT:\r\nSERVER: Linux/6.1 UPnP/1.1 FakeIgd/1.0\r\nLOCATION: {BaseUrl}/rootDesc.xml\r\n\r\n";
                await socket.SendAsync(Encoding.ASCII.GetBytes(answer), request.RemoteEndPoint, _stop.Token);
            }
        }
    }

    private async Task ServeHttpAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var context = await _http.GetContextAsync().WaitAsync(_stop.Token);
            try
            {
                var (status, body) = context.Request.HttpMethod == "GET" ? (200, _description) : Control(context.Request);
                var bytes = Encoding.UTF8.GetBytes(body);
                context.Response.StatusCode = status;
                context.Response.ContentType = "text/xml; charset=\"utf-8\"";
                await context.Response.OutputStream.WriteAsync(bytes, _stop.Token);
            }
            catch (IOException)
            {
                // The client hung up on an oversized answer, as it should.
            }
            finally
            {
                context.Response.Close();
            }
        }
    }

    private (int Status, string Body) Control(HttpListenerRequest request)
    {
        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        var envelope = XDocument.Parse(reader.ReadToEnd());
        var call = envelope.Root!.Descendants().First(e => e.Parent?.Name.LocalName == "Body");
        var arguments = call.Elements().ToDictionary(e => e.Name.LocalName, e => e.Value);
        var path = request.Url!.AbsolutePath;
        var action = call.Name.LocalName;
        var serviceType = call.Name.NamespaceName;
        lock (Requests)
        {
            Requests.Add((path, action, arguments));
        }

        if (OversizedAnswerBytes is { } size)
        {
            return (200, Response(serviceType, action, $"<Padding>{new string('x', size)}</Padding>"));
        }

        switch (action)
        {
            case "GetStatusInfo":
                return (200, Response(serviceType, action, $"<NewConnectionStatus>{Status.GetValueOrDefault(path, "Connected")}</NewConnectionStatus><NewLastConnectionError>ERROR_NONE</NewLastConnectionError><NewUptime>4242</NewUptime>"));
            case "GetExternalIPAddress":
                return (200, Response(serviceType, action, $"<NewExternalIPAddress>{External.GetValueOrDefault(path, "198.51.100.20")}</NewExternalIPAddress>"));
            case "AddPortMapping":
                var lease = uint.Parse(arguments["NewLeaseDuration"], System.Globalization.CultureInfo.InvariantCulture);
                if (lease != 0 && TimedLeaseFault is { } code)
                {
                    return (500, Fault(code, code == 725 ? "OnlyPermanentLeasesSupported" : "Invalid Args"));
                }

                lock (Mappings)
                {
                    Mappings[int.Parse(arguments["NewExternalPort"], System.Globalization.CultureInfo.InvariantCulture)] =
                        (arguments["NewInternalClient"], int.Parse(arguments["NewInternalPort"], System.Globalization.CultureInfo.InvariantCulture), lease);
                }

                return (200, Response(serviceType, action, string.Empty));
            case "DeletePortMapping":
                lock (Mappings)
                {
                    return Mappings.Remove(int.Parse(arguments["NewExternalPort"], System.Globalization.CultureInfo.InvariantCulture))
                        ? (200, Response(serviceType, action, string.Empty))
                        : (500, Fault(714, "NoSuchEntryInArray"));
                }

            default:
                return (500, Fault(401, "Invalid Action"));
        }
    }

    private static string Response(string serviceType, string action, string arguments) =>
        $"<?xml version=\"1.0\"?>\r\n<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body><u:{action}Response xmlns:u=\"{serviceType}\">{arguments}</u:{action}Response></s:Body></s:Envelope>\r\n";

    private static string Fault(int code, string description) =>
        "<?xml version=\"1.0\"?>\r\n<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body><s:Fault>"
        + "<faultcode>s:Client</faultcode><faultstring>UPnPError</faultstring><detail><UPnPError xmlns=\"urn:schemas-upnp-org:control-1-0\">"
        + $"<errorCode>{code}</errorCode><errorDescription>{description}</errorDescription></UPnPError></detail></s:Fault></s:Body></s:Envelope>\r\n";
}
