namespace MeshAgent.Cli.Doctor.Checks;

/// <summary>NetworkManager leaves wg0 alone: if it manages the device it fights our addresses and routes.</summary>
internal sealed class NetworkManagerCheck : IDoctorCheck
{
    public string Name => "networkmanager-wg";

    public DoctorResult Run(DoctorFacts facts)
    {
        var device = facts.Config?.Mesh?.Interface ?? "wg0";
        return facts.NetworkManagerState switch
        {
            null => DoctorResult.Ok(Name, "NetworkManager is not running, so it cannot manage " + device + "."),
            "unmanaged" or "unavailable" or "" => DoctorResult.Ok(Name, $"NetworkManager does not manage {device}."),
            var state => DoctorResult.Fail(Name, $"NetworkManager manages {device} (state {state}); add `[keyfile] unmanaged-devices=interface-name:{device}` to NetworkManager.conf and reload it."),
        };
    }
}
