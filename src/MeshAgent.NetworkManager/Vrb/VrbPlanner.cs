using MeshAgent.NetworkManager.Client;

namespace MeshAgent.NetworkManager.Vrb;

/// <summary>
/// Computes the steps from an <see cref="NmSnapshot"/> to a <see cref="VrbSpec"/> (pure). Order: deletes
/// (they free interface names), adds and updates, unmanaged devices, then activations with ports before
/// bridges (a port-less bridge waits for carrier; activating a port brings its bridge up too).
/// Profiles that are not ours are never in a plan.
/// </summary>
public static class VrbPlanner
{
    /// <summary>The plan; <see cref="VrbPlan.Waiting"/> names what cannot be done yet (a port interface missing).</summary>
    public static VrbPlan Plan(VrbSpec spec, NmSnapshot actual)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(actual);
        var desired = VrbProfiles.Build(spec);
        var desiredUuids = desired.Select(d => d.Uuid).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var steps = new List<VrbStep>();
        var waiting = new List<string>();

        steps.AddRange(actual.Profiles
            .Where(p => VrbProfiles.IsOwned(p.Settings) && !desiredUuids.Contains(p.Settings.Uuid!))
            .OrderBy(p => p.Settings.Id, StringComparer.Ordinal)
            .Select(p => new DeleteProfileStep(p)));

        foreach (var profile in desired)
        {
            var existing = actual.ProfileByUuid(profile.Uuid);
            if (existing is null)
            {
                steps.Add(new AddProfileStep(profile));
                continue;
            }

            var differences = Settings.SettingsDifference.Compare(profile.Settings, existing.Settings);
            if (differences.Count > 0)
            {
                steps.Add(new UpdateProfileStep(profile, existing, differences));
            }
        }

        foreach (var name in spec.UnmanagedInterfaces.Distinct(StringComparer.Ordinal))
        {
            if (actual.DeviceByInterface(name) is { Managed: true })
            {
                steps.Add(new SetUnmanagedStep(name));
            }
        }

        foreach (var profile in desired.Where(d => d.IsPort).Concat(desired.Where(d => !d.IsPort)))
        {
            if (actual.ActiveByUuid(profile.Uuid) is not null)
            {
                continue;
            }

            if (profile.IsPort && actual.DeviceByInterface(profile.InterfaceName) is null)
            {
                waiting.Add($"interface {profile.InterfaceName} (port of {profile.Bridge}) does not exist");
                continue;
            }

            steps.Add(new ActivateProfileStep(profile));
        }

        return new VrbPlan(steps, waiting);
    }

    /// <summary>True when every desired profile whose interface can exist is activated (not just activating).</summary>
    public static bool IsActivated(VrbSpec spec, NmSnapshot actual) =>
        VrbProfiles.Build(spec)
            .Where(p => !p.IsPort || actual.DeviceByInterface(p.InterfaceName) is not null)
            .All(p => actual.ActiveByUuid(p.Uuid) is { State: NmActiveConnectionState.Activated });
}

/// <summary>A VRB plan.</summary>
/// <param name="Steps">The steps in apply order.</param>
/// <param name="Waiting">Parts of the spec that cannot be realised yet, one human line each.</param>
public sealed record VrbPlan(IReadOnlyList<VrbStep> Steps, IReadOnlyList<string> Waiting);
