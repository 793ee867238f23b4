using MeshAgent.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MeshAgent.Daemon.Nat;

/// <summary>Registers the port mapping of <c>run</c> (only with a mesh and <c>nat.port_mapping: auto</c>) and, on nodes the authority signs for, the announcement of the mapped endpoint.</summary>
public static class NatServices
{
    /// <summary>Whether <paramref name="config"/> asks for a port mapping that can take effect.</summary>
    public static bool WantsPortMapping(AgentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config is { Mesh: not null, Nat.PortMapping: PortMapping.Auto };
    }

    /// <summary>Adds <see cref="PortMappingService"/> as a hosted service when <see cref="WantsPortMapping"/>.</summary>
    public static IServiceCollection AddPortMapping(this IServiceCollection services, AgentConfig config)
    {
        if (WantsPortMapping(config))
        {
            services.AddSingleton<PortMappingService>();
            services.AddHostedService(sp => sp.GetRequiredService<PortMappingService>());
            if (config is { Authority: { KeyFile: null } })
            {
                // The admin node signs its own record from its config; every other node asks it to re-sign.
                services.AddHostedService<EndpointAnnouncer>();
            }
        }

        return services;
    }
}
