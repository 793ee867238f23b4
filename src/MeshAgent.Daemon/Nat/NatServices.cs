using MeshAgent.Core.Configuration;
using MeshAgent.Daemon.Hosting;
using MeshAgent.Daemon.Mesh;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.Nat;

/// <summary>Registers the port mapping of <c>run</c> (only with a mesh and <c>nat.port_mapping: auto</c>) and, on nodes with a <c>nat:</c> section that the authority signs for, the announcement of their mapped or observed endpoints.</summary>
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
        ArgumentNullException.ThrowIfNull(config);
        if (WantsPortMapping(config))
        {
            services.AddSingleton<PortMappingService>();
            services.AddHostedService(sp => sp.GetRequiredService<PortMappingService>());
        }

        // The admin node signs its own record from its config; every other node with a nat section asks it to re-sign.
        if (config is { Mesh: not null, Nat: not null, Authority.KeyFile: null })
        {
            services.AddHostedService(sp => new EndpointAnnouncer(
                sp.GetRequiredService<ConfigStore>(),
                sp.GetRequiredService<MeshState>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<EndpointAnnouncer>>(),
                sp.GetService<PortMappingService>()));
        }

        return services;
    }
}
