using System.Net;
using MeshAgent.Core.Records;

namespace MeshAgent.Core.Tests.Records;

internal static class RecordSamples
{
    public static readonly DateTimeOffset Now = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    public static string Key(byte fill) => Convert.ToBase64String(Enumerable.Repeat(fill, 32).ToArray());

    public static NodeRecord Hub(string name = "hub-1", byte key = 1) => new()
    {
        Name = name,
        WireGuardPublicKey = Key(key),
        MeshIPv4 = IPAddress.Parse("10.10.11.1"),
        MeshIPv6 = IPAddress.Parse("fd10:10:11::1"),
        Role = NodeRole.Hub,
        Endpoints = [IPEndPoint.Parse("203.0.113.10:51820"), IPEndPoint.Parse("[2001:db8::10]:51820")],
        Subnets = [IPNetwork.Parse("10.10.10.0/24")],
        Serial = 7,
        IssuedAt = Now,
        ExpiresAt = Now.AddDays(30),
    };

    public static NodeRecord Spoke(string name, byte key, string address) => new()
    {
        Name = name,
        WireGuardPublicKey = Key(key),
        MeshIPv4 = IPAddress.Parse(address),
        Role = NodeRole.Spoke,
        Serial = 1,
        IssuedAt = Now,
        ExpiresAt = Now.AddDays(30),
    };
}
