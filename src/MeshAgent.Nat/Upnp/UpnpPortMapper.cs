using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MeshAgent.Nat.Upnp;

/// <summary>
/// UPnP IGD v1/v2 client for one gateway: SSDP search, root description, then SOAP on the best WAN connection service
/// (WANIPConnection:2 &gt; :1 &gt; WANPPPConnection:1, a Connected one with a usable external address first).
/// Malformed, oversized and DTD-carrying answers are counted by kind and dropped. Where the gateway refuses timed
/// leases (faults 725, 402) the mapping is made permanent and deleted on <see cref="UnmapAsync"/>.
/// </summary>
public sealed class UpnpPortMapper : IPortMapper
{
    /// <summary>Shown in the router's mapping table.</summary>
    public const string MappingDescription = "meshagent";

    // UPnP's NoSuchEntryInArray: deleting a mapping that is already gone (router rebooted) is done, not failed.
    private const int NoSuchEntryInArray = 714;

    private readonly IPAddress _gateway;
    private readonly TimeProvider _time;
    private readonly SsdpSearch _search;
    private readonly Func<AddressFamily, SocketType, ProtocolType, Socket> _sockets;
    private readonly UpnpHttp _http;
    private readonly long[] _dropped = new long[Enum.GetValues<MalformedReplyKind>().Length];
    private ushort _internalPort;
    private ushort _externalPort;

    /// <summary>Creates a client for the IGD on <paramref name="gateway"/>.</summary>
    public UpnpPortMapper(IPAddress gateway, TimeProvider time)
        : this(gateway, time, SsdpCodec.Port, new IPEndPoint(IPAddress.Parse(SsdpCodec.MulticastAddress), SsdpCodec.Port), null)
    {
    }

    // For tests: another SSDP port and multicast target on loopback, or sockets opened in a lab host's namespace.
    internal UpnpPortMapper(IPAddress gateway, TimeProvider time, int ssdpPort, IPEndPoint? multicast, Func<AddressFamily, SocketType, ProtocolType, Socket>? socketFactory)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        _gateway = gateway;
        _time = time;
        _sockets = socketFactory ?? ((family, type, protocol) => new Socket(family, type, protocol));
        _search = new SsdpSearch(gateway, new IPEndPoint(gateway, ssdpPort), multicast, time);
        _http = new UpnpHttp(time, socketFactory);

        // Connecting a UDP socket sends nothing; it tells us our own address towards the gateway, the InternalClient.
        using var probe = _sockets(gateway.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        probe.Connect(new IPEndPoint(gateway, ssdpPort));
        InternalClient = ((IPEndPoint)probe.LocalEndPoint!).Address;
    }

    /// <inheritdoc />
    public PortMappingProtocol Protocol => PortMappingProtocol.Upnp;

    /// <summary>This host's address towards the gateway, sent as NewInternalClient.</summary>
    public IPAddress InternalClient { get; }

    /// <summary>The service chosen by the last successful probe, or null.</summary>
    public UpnpService? Service { get; private set; }

    /// <summary>The external address the chosen service reported, or null.</summary>
    public IPAddress? ExternalAddress { get; private set; }

    /// <summary>True once the gateway refused timed leases and the mapping is permanent.</summary>
    public bool PermanentLease { get; private set; }

    /// <summary>Every SSDP datagram, root description and SOAP answer refused.</summary>
    public long DroppedReplies => _dropped.Sum();

    /// <summary>Answers refused for <paramref name="kind"/>.</summary>
    public long Dropped(MalformedReplyKind kind) => _dropped[(int)kind];

    /// <summary>
    /// Searches by SSDP within <paramref name="timeout"/>, then reads each root description found and ranks its WAN
    /// services (each HTTP request within <see cref="UpnpHttp.RequestTimeout"/>). False when no IGD answered or no
    /// description had a usable service.
    /// </summary>
    public async Task<bool> ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        IReadOnlyList<SsdpResponse> answers;
        using (var socket = _sockets(_gateway.AddressFamily, SocketType.Dgram, ProtocolType.Udp))
        {
            answers = await _search.RunAsync(socket, timeout, kind => _dropped[(int)kind]++, cancellationToken).ConfigureAwait(false);
        }

        var candidates = new List<UpnpService>();
        foreach (var answer in answers)
        {
            try
            {
                var document = await _http.GetAsync(answer.Location, RootDescription.MaxBytes, cancellationToken).ConfigureAwait(false);
                candidates.AddRange(RootDescription.Parse(document, answer.Location).Services.Where(s => s.Preference >= 0));
            }
            catch (MalformedReplyException e)
            {
                _dropped[(int)e.Kind]++;
            }
            catch (UpnpTransportException)
            {
                // That location is unreachable; another one may serve.
            }
        }

        if (candidates.Count == 0)
        {
            return false;
        }

        var ranked = new List<(UpnpService Service, IPAddress? External, bool Connected)>();
        foreach (var candidate in candidates.DistinctBy(c => (c.ServiceType, c.ControlUrl)))
        {
            var connected = await TryGetStatusAsync(candidate, cancellationToken).ConfigureAwait(false);
            var external = await TryGetExternalAddressAsync(candidate, cancellationToken).ConfigureAwait(false);
            ranked.Add((candidate, external, connected));
        }

        var best = ranked
            .OrderByDescending(r => r.Connected && r.External is not null)
            .ThenByDescending(r => r.External is not null)
            .ThenBy(r => r.Service.Preference)
            .First();
        Service = best.Service;
        ExternalAddress = best.External;
        return true;
    }

    /// <inheritdoc />
    public async Task<GatewayObservation?> ObserveAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (Service is null)
        {
            return null;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var external = await TryGetExternalAddressAsync(Service, deadline.Token).ConfigureAwait(false);
            return external is null ? null : new GatewayObservation(external, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<PortMapping> MapUdpAsync(ushort internalPort, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        if (Service is null && !await ProbeAsync(GatewayProbe.DefaultTimeout * 4, cancellationToken).ConfigureAwait(false))
        {
            throw new PortMappingException(Protocol, "map", null, "no IGD with a WAN connection service answered");
        }

        var service = Service!;
        var seconds = (uint)Math.Clamp(lifetime.TotalSeconds, 1, uint.MaxValue);

        // Renewals keep the external port granted first; the internal port is always the real local one.
        var externalPort = _externalPort != 0 ? _externalPort : internalPort;
        var fault = await AddAsync(service, externalPort, internalPort, PermanentLease ? 0 : seconds, cancellationToken).ConfigureAwait(false);
        if (fault is { Code: UpnpFault.OnlyPermanentLeasesSupported or UpnpFault.InvalidArgs } && !PermanentLease)
        {
            PermanentLease = true;
            fault = await AddAsync(service, externalPort, internalPort, 0, cancellationToken).ConfigureAwait(false);
        }

        if (fault is not null)
        {
            throw new PortMappingException(Protocol, "map", fault.Code, $"refused: {fault.Code} {fault.Description}");
        }

        _internalPort = internalPort;
        _externalPort = externalPort;
        var external = await TryGetExternalAddressAsync(service, cancellationToken).ConfigureAwait(false)
            ?? throw new PortMappingException(Protocol, "external address", null, "the gateway gave no usable external address");
        ExternalAddress = external;
        return new PortMapping(Protocol, internalPort, new IPEndPoint(external, externalPort), lifetime, _time.GetUtcNow(), 0)
        {
            Permanent = PermanentLease,
        };
    }

    /// <inheritdoc />
    public async Task UnmapAsync(CancellationToken cancellationToken)
    {
        if (_externalPort == 0 || Service is null)
        {
            return;
        }

        var answer = await CallAsync(Service, SoapCodec.EncodeDeletePortMapping(Service.ServiceType, _externalPort), "DeletePortMapping", "unmap", cancellationToken).ConfigureAwait(false);
        if (answer.Fault is { } fault && fault.Code != NoSuchEntryInArray)
        {
            throw new PortMappingException(Protocol, "unmap", fault.Code, $"refused: {fault.Code} {fault.Description}");
        }

        _externalPort = 0;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// An external address others can reach: not unspecified, loopback, link-local, multicast or broadcast (a gateway
    /// whose WAN is down reports 0.0.0.0; some report garbage). A private address is kept: behind double NAT it is still
    /// what this gateway forwards from.
    /// </summary>
    internal static bool IsUsableExternal(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        var bytes = address.GetAddressBytes();
        return !(address.Equals(IPAddress.Any) || IPAddress.IsLoopback(address) || address.Equals(IPAddress.Broadcast)
            || bytes[0] == 0 || bytes[0] >= 224 || (bytes[0] == 169 && bytes[1] == 254));
    }

    private async Task<UpnpFault?> AddAsync(UpnpService service, ushort externalPort, ushort internalPort, uint leaseSeconds, CancellationToken cancellationToken)
    {
        var request = SoapCodec.EncodeAddPortMapping(service.ServiceType, externalPort, internalPort, InternalClient.ToString(), MappingDescription, leaseSeconds);
        return (await CallAsync(service, request, "AddPortMapping", "map", cancellationToken).ConfigureAwait(false)).Fault;
    }

    private async Task<bool> TryGetStatusAsync(UpnpService service, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await CallAsync(service, SoapCodec.EncodeGetStatusInfo(service.ServiceType), "GetStatusInfo", "status", cancellationToken).ConfigureAwait(false);
            return answer.Arguments.TryGetValue("NewConnectionStatus", out var status) && status == "Connected";
        }
        catch (PortMappingException)
        {
            return false;
        }
    }

    private async Task<IPAddress?> TryGetExternalAddressAsync(UpnpService service, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await CallAsync(service, SoapCodec.EncodeGetExternalIPAddress(service.ServiceType), "GetExternalIPAddress", "external address", cancellationToken).ConfigureAwait(false);
            return answer.Fault is null
                && answer.Arguments.TryGetValue("NewExternalIPAddress", out var text)
                && IPAddress.TryParse(text, out var address)
                && text.Contains('.', StringComparison.Ordinal)
                && IsUsableExternal(address)
                ? address
                : null;
        }
        catch (PortMappingException)
        {
            return null;
        }
    }

    private async Task<SoapAnswer> CallAsync(UpnpService service, SoapRequest request, string action, string operation, CancellationToken cancellationToken)
    {
        try
        {
            var body = await _http.PostSoapAsync(service.ControlUrl, request, cancellationToken).ConfigureAwait(false);
            return SoapCodec.Decode(body, action);
        }
        catch (MalformedReplyException e)
        {
            _dropped[(int)e.Kind]++;
            throw new PortMappingException(Protocol, operation, null, e.Message, e);
        }
        catch (UpnpTransportException e)
        {
            throw new PortMappingException(Protocol, operation, null, e.Message, e);
        }
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"UPnP {Service?.ServiceType ?? "(no service)"} at {_gateway}");
}
