using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;

namespace MeshAgent.Daemon.Systemd;

/// <summary>
/// Wires the Type=notify contract. Microsoft.Extensions.Hosting.Systemd's lifetime sends READY=1 when the host
/// has started and STOPPING=1 when it begins to stop (and handles SIGTERM); our services send what the library
/// has no API for (STATUS= updates, WATCHDOG=1 only while the loop is healthy, RELOADING=1 with MONOTONIC_USEC)
/// through the same <see cref="ISystemdNotifier"/>. Host start-up waits for the first reconcile pass
/// (<see cref="FirstPassGate"/>), so the library's READY=1 means "converged once".
/// </summary>
public static class SystemdContract
{
    private static readonly string[] NotifyVariables = ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"];

    /// <summary>Registers the lifetime, the notifier, the watchdog settings and the services described on the class.</summary>
    public static IServiceCollection AddSystemdContract(this IServiceCollection services)
    {
        // The library switches itself on only when our parent process is systemd (or we are PID 1). sd_notify's
        // own rule is NOTIFY_SOCKET: a supervisor that is not our parent (the contract tests, which stand in for
        // systemd) sets it too, so with NOTIFY_SOCKET we register the library's lifetime ourselves.
        services.AddSystemd();
        var watchdog = WatchdogSettings.FromEnvironment(Environment.ProcessId);
        var notifier = CreateNotifierFromEnvironment();
        if (notifier.IsEnabled && !SystemdHelpers.IsSystemdService())
        {
            services.AddSingleton<IHostLifetime, SystemdLifetime>();
        }

        services.AddSingleton<ISystemdNotifier>(notifier);
        services.AddSingleton(watchdog);
        services.AddSingleton<SystemdNotifications>();
        return services;
    }

    /// <summary>
    /// The library's notifier, which reads NOTIFY_SOCKET (a path, or '@' for an abstract name) when constructed;
    /// then the notify variables are removed so that children (dnsmasq, wireguard-go) do not inherit them.
    /// </summary>
    public static SystemdNotifier CreateNotifierFromEnvironment()
    {
        var notifier = new SystemdNotifier();
        foreach (var name in NotifyVariables)
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        return notifier;
    }
}
