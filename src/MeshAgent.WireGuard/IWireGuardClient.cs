namespace MeshAgent.WireGuard;

/// <summary>
/// Controls WireGuard devices. Backends (kernel netlink, userspace UAPI) implement it; a composite asks
/// each in turn and skips devices that are not theirs. Every method is safe to call concurrently.
/// Failures are <see cref="WireGuardException"/>; a device that does not exist is
/// <see cref="WireGuardDeviceNotFoundException"/> so a caller can create it.
/// </summary>
public interface IWireGuardClient : IDisposable
{
    /// <summary>Which backend this is (for a composite: the one that creates devices).</summary>
    WireGuardBackendKind Kind { get; }

    /// <summary>Names of the WireGuard devices this client can see, sorted ordinally.</summary>
    Task<IReadOnlyList<string>> ListDevicesAsync(CancellationToken cancellationToken);

    /// <summary>The whole state of one device, peers coalesced.</summary>
    Task<WireGuardDevice> GetDeviceAsync(string name, CancellationToken cancellationToken);

    /// <summary>Applies a change. Not atomic across peers on either backend: read back to be sure.</summary>
    Task ConfigureDeviceAsync(string name, DeviceConfig config, CancellationToken cancellationToken);

    /// <summary>Creates an empty device (link down, no addresses).</summary>
    Task CreateDeviceAsync(string name, CancellationToken cancellationToken);

    /// <summary>Deletes a device; not-found is not an error.</summary>
    Task DeleteDeviceAsync(string name, CancellationToken cancellationToken);
}

/// <summary>A WireGuard operation failed; <see cref="Errno"/> is the positive errno when known.</summary>
public class WireGuardException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WireGuardException(string message, int errno = 0, Exception? innerException = null)
        : base(message, innerException) => Errno = errno;

    /// <summary>Creates the exception.</summary>
    public WireGuardException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public WireGuardException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public WireGuardException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Positive errno (e.g. 19 ENODEV), 0 when not known.</summary>
    public int Errno { get; }
}

/// <summary>The named device does not exist (or belongs to no backend of this client).</summary>
public sealed class WireGuardDeviceNotFoundException : WireGuardException
{
    private const int ENODEV = 19;

    /// <summary>Creates the exception for <paramref name="device"/>.</summary>
    public WireGuardDeviceNotFoundException(string device)
        : base($"Unable to access interface: No such device ({device})", ENODEV) => Device = device;

    /// <summary>Creates the exception.</summary>
    public WireGuardDeviceNotFoundException()
    {
        Device = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    public WireGuardDeviceNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
        Device = string.Empty;
    }

    /// <summary>The device name asked for.</summary>
    public string Device { get; }
}
