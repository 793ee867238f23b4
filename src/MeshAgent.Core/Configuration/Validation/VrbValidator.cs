using MeshAgent.Core.Configuration.Reading;

namespace MeshAgent.Core.Configuration.Validation;

/// <summary>Cross-field rules of the "vrb" section, including its interfaces against mesh.interface.</summary>
internal static class VrbValidator
{
    /// <summary>Checks <paramref name="config"/>.Vrb; problems go to <paramref name="context"/>.</summary>
    public static void Validate(AgentConfig config, ConfigContext context)
    {
        if (config.Vrb is not { } vrb)
        {
            return;
        }

        if (vrb.Lan is null && vrb.Ext is null && context.IsClean("vrb"))
        {
            context.ReportAtKey("vrb", "has neither lan nor ext; remove the section or add a bridge");
        }

        // Every interface name the VRB claims, with the path that claims it, so that each is claimed once.
        var claimed = new Dictionary<string, string>(StringComparer.Ordinal);
        if (config.Mesh is { } mesh && context.IsClean("mesh.interface"))
        {
            claimed.Add(mesh.Interface, "mesh.interface");
        }

        foreach (var (bridge, path) in new[] { (vrb.Lan, "vrb.lan"), (vrb.Ext, "vrb.ext") })
        {
            if (bridge is null)
            {
                continue;
            }

            CheckAddressing(bridge, path, context);
            Claim(claimed, bridge.Bridge, ConfigPath.Child(path, "bridge"), context);
            for (var i = 0; i < bridge.Ports.Count; i++)
            {
                Claim(claimed, bridge.Ports[i], ConfigPath.Item(ConfigPath.Child(path, "ports"), i), context);
            }
        }
    }

    private static void CheckAddressing(BridgeConfig bridge, string path, ConfigContext context)
    {
        var addressPath = ConfigPath.Child(path, "address");
        var addressingPath = ConfigPath.Child(path, "addressing");
        if (!context.AreClean(addressPath, addressingPath))
        {
            return;
        }

        if (bridge.Addressing == BridgeAddressing.Manual && bridge.Address is null)
        {
            context.Report(addressPath, "is required when addressing is manual");
        }
        else if (bridge.Addressing != BridgeAddressing.Manual && bridge.Address is not null)
        {
            var mode = bridge.Addressing == BridgeAddressing.Auto ? "auto" : "none";
            context.Report(addressPath, $"is set but addressing is {mode}; remove it or use addressing: manual");
        }
    }

    private static void Claim(Dictionary<string, string> claimed, string name, string path, ConfigContext context)
    {
        if (!context.IsClean(path))
        {
            return;
        }

        if (claimed.TryGetValue(name, out var first))
        {
            context.Report(path, $"interface '{name}' is already used by {first}");
        }
        else
        {
            claimed.Add(name, path);
        }
    }
}
