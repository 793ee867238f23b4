using MeshAgent.Core.Reconciliation;

namespace MeshAgent.NetworkManager.Vrb;

/// <summary>One step of a VRB plan, with what the apply needs to carry it out. Immutable.</summary>
public abstract record VrbStep
{
    /// <summary>The step as <c>meshagent plan</c> prints it.</summary>
    public abstract PlannedChange ToPlannedChange();
}

/// <summary>Delete a profile we own that the spec no longer asks for.</summary>
/// <param name="Profile">The profile.</param>
public sealed record DeleteProfileStep(NmProfile Profile) : VrbStep
{
    /// <inheritdoc />
    public override PlannedChange ToPlannedChange() =>
        new(ChangeKind.Remove, $"profile {Profile.Settings.Id}", Profile.Settings.InterfaceName is { } i ? $"interface {i}" : "");
}

/// <summary>Add a profile.</summary>
/// <param name="Profile">The desired profile.</param>
public sealed record AddProfileStep(DesiredProfile Profile) : VrbStep
{
    /// <inheritdoc />
    public override PlannedChange ToPlannedChange() =>
        new(ChangeKind.Add, $"profile {Profile.Id}", Profile.IsPort
            ? $"port {Profile.InterfaceName} of {Profile.Bridge}"
            : $"bridge {Profile.InterfaceName}");
}

/// <summary>Update a profile in place (same UUID); reapplied to its device when active.</summary>
/// <param name="Profile">The desired profile.</param>
/// <param name="Existing">NM's current profile.</param>
/// <param name="Differences">"section.key old -> new" lines.</param>
public sealed record UpdateProfileStep(DesiredProfile Profile, NmProfile Existing, IReadOnlyList<string> Differences) : VrbStep
{
    /// <inheritdoc />
    public override PlannedChange ToPlannedChange() =>
        new(ChangeKind.Update, $"profile {Profile.Id}", string.Join("; ", Differences));
}

/// <summary>Activate a profile on its interface.</summary>
/// <param name="Profile">The desired profile.</param>
public sealed record ActivateProfileStep(DesiredProfile Profile) : VrbStep
{
    /// <inheritdoc />
    public override PlannedChange ToPlannedChange() =>
        new(ChangeKind.Activate, $"profile {Profile.Id}", $"on {Profile.InterfaceName}");
}

/// <summary>Make NM leave a device alone (runtime Managed=false).</summary>
/// <param name="InterfaceName">The device's interface.</param>
public sealed record SetUnmanagedStep(string InterfaceName) : VrbStep
{
    /// <inheritdoc />
    public override PlannedChange ToPlannedChange() =>
        new(ChangeKind.Update, $"device {InterfaceName}", "managed -> unmanaged");
}
