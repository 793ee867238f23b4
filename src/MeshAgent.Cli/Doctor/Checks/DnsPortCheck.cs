using System.Net;

namespace MeshAgent.Cli.Doctor.Checks;

/// <summary>
/// No other DNS server holds port 53 on an interface our dnsmasq serves. systemd-resolved's stub on 127.0.0.53 and
/// 127.0.0.54 is fine (it binds only those); a wildcard socket or one on a served address is not.
/// </summary>
internal sealed class DnsPortCheck : IDoctorCheck
{
    private static readonly IPAddress[] ResolvedStubs = [IPAddress.Parse("127.0.0.53"), IPAddress.Parse("127.0.0.54")];

    public string Name => "dns-port";

    public DoctorResult Run(DoctorFacts facts)
    {
        if (facts.Config?.DnsDhcp is null)
        {
            return DoctorResult.Skipped(Name, "No dns_dhcp section: port 53 is not ours.");
        }

        foreach (var listener in facts.Port53)
        {
            if (listener.Pid is { } pid && pid == facts.OwnDnsmasqPid || ResolvedStubs.Contains(listener.Address))
            {
                continue;
            }

            var wildcard = listener.Address.Equals(IPAddress.Any) || listener.Address.Equals(IPAddress.IPv6Any);
            var served = facts.ServedAddresses.FirstOrDefault(s => s.Address.Equals(listener.Address));
            if (wildcard || served is not null)
            {
                var where = wildcard ? $"every address ({listener.Address})" : $"{served!.Address} ({served.Interface})";
                var who = listener.Process is { } process ? $"{process} (pid {listener.Pid})" : "another process";
                return DoctorResult.Fail(Name, $"{who} holds {listener.Protocol} port 53 on {where}, where our dnsmasq must answer; stop it or make it bind elsewhere (for systemd-resolved keep only its stub).");
            }
        }

        return DoctorResult.Ok(Name, "Port 53 on the served interfaces is free for our dnsmasq.");
    }
}
