using System.Globalization;
using System.Net;
using MeshAgent.Core.Configuration.Reading;

namespace MeshAgent.Core.Configuration.Validation;

/// <summary>Cross-field rules of the "mesh" section. Skips rules whose inputs already have a problem.</summary>
internal static class MeshValidator
{
    /// <summary>
    /// Checks <paramref name="mesh"/>; problems go to <paramref name="context"/>. A spoke of a signed mesh
    /// (<paramref name="signed"/>) may leave out its hubs: it learns them from the admin node's Genesis beacon.
    /// </summary>
    public static void Validate(MeshConfig mesh, ConfigContext context, bool signed)
    {
        if (mesh.Role == MeshRole.Hub && mesh.Endpoint is null && context.AreClean("mesh.role", "mesh.endpoint"))
        {
            context.Report("mesh.endpoint", "is required when role is hub (the public host:port other nodes reach this hub at)");
        }

        if (mesh.Role == MeshRole.Spoke && mesh.Hubs.Count == 0 && !signed && context.AreClean("mesh.role", "mesh.hubs"))
        {
            context.Report("mesh.hubs", "a spoke needs at least one hub (or authority.public_key, to learn its hubs from the Genesis beacon)");
        }

        var prefixClean = context.IsClean("mesh.prefix");
        if (mesh.Address is { } address && prefixClean && context.IsClean("mesh.address"))
        {
            if (!mesh.Prefix.Contains(address.Address))
            {
                context.Report("mesh.address", $"{address} is outside mesh.prefix {mesh.Prefix}");
            }
            else if (address.PrefixLength < mesh.Prefix.PrefixLength)
            {
                context.Report("mesh.address", string.Create(CultureInfo.InvariantCulture,
                    $"{address} covers more than mesh.prefix {mesh.Prefix}; use /{mesh.Prefix.PrefixLength} or longer"));
            }
        }

        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        var addresses = new Dictionary<IPAddress, int>();
        for (var i = 0; i < mesh.Hubs.Count; i++)
        {
            var hub = mesh.Hubs[i];
            var path = ConfigPath.Item("mesh.hubs", i);
            CheckUnique(names, hub.Name, i, ConfigPath.Child(path, "name"), "name", context);
            CheckUnique(keys, hub.PublicKey, i, ConfigPath.Child(path, "public_key"), "public key", context);
            var addressPath = ConfigPath.Child(path, "address");
            if (prefixClean && context.IsClean(addressPath) && !mesh.Prefix.Contains(hub.Address))
            {
                context.Report(addressPath, $"{hub.Address} is outside mesh.prefix {mesh.Prefix}");
            }

            CheckUnique(addresses, hub.Address, i, addressPath, "address", context);
        }
    }

    private static void CheckUnique<T>(Dictionary<T, int> seen, T value, int index, string path, string what, ConfigContext context)
        where T : notnull
    {
        if (!context.IsClean(path))
        {
            return;
        }

        if (seen.TryGetValue(value, out var first))
        {
            context.Report(path, string.Create(CultureInfo.InvariantCulture, $"the same {what} as mesh.hubs[{first}]"));
        }
        else
        {
            seen.Add(value, index);
        }
    }
}
