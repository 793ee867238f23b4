using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MeshAgent.WireGuard.Userspace;

/// <summary>
/// The userspace backend: talks UAPI to <c>RUNDIR/IFACE.sock</c> (wireguard-go or any implementation of
/// https://www.wireguard.com/xplatform/) and creates devices by starting wireguard-go as a supervised
/// child. Thread-safe. <c>set=1</c> is not atomic: lines before a failing one are applied, so callers
/// read back after an error.
/// </summary>
public sealed class UserspaceWireGuardClient : IWireGuardClient
{
    private const int EEXIST = 17;
    private const int EINVAL = 22;
    private const int InterfaceNameMaximum = 15;

    private readonly UserspaceWireGuardOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, WireGuardGoProcess> _children = new(StringComparer.Ordinal);
    private int _disposed;

    /// <summary>Creates the client; it starts nothing until asked.</summary>
    public UserspaceWireGuardClient(UserspaceWireGuardOptions? options = null, ILogger<UserspaceWireGuardClient>? logger = null,
        TimeProvider? timeProvider = null)
    {
        _options = options ?? new UserspaceWireGuardOptions();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public WireGuardBackendKind Kind => WireGuardBackendKind.Userspace;

    /// <summary>The directory holding the UAPI sockets.</summary>
    public string RunDirectory => _options.RunDirectory;

    /// <summary>The pid of the wireguard-go child serving <paramref name="device"/>, or null when we did not start it.</summary>
    public int? ChildPidOf(string device) => _children.TryGetValue(device, out var child) ? child.Pid : null;

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListDevicesAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(_options.RunDirectory))
        {
            return [];
        }

        var names = new List<string>();
        foreach (var path in Directory.EnumerateFiles(_options.RunDirectory, "*.sock"))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (name.Length > 0 && await UapiSocket.AnswersAsync(path, name, cancellationToken))
            {
                names.Add(name);
            }
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <inheritdoc />
    public async Task<WireGuardDevice> GetDeviceAsync(string name, CancellationToken cancellationToken)
    {
        ValidateName(name);
        var reply = await UapiSocket.ExchangeAsync(SocketPath(name), name, "get=1\n\n", _options.RequestTimeout, _timeProvider,
            cancellationToken);
        var device = UapiGetParser.Parse(name, reply);
        return device.PrivateKey is { } privateKey
            ? device with { PublicKey = WireGuardKeys.PublicKeyOf(privateKey) }
            : device;
    }

    /// <inheritdoc />
    public async Task ConfigureDeviceAsync(string name, DeviceConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        await SetRawAsync(name, UapiSetWriter.Write(config), cancellationToken);
        UserspaceLog.Configured(_logger, name, config.Peers.Count);
    }

    /// <summary>Sends a ready-made <c>set=1</c> request and checks the errno of the reply. For tests of error paths.</summary>
    internal async Task SetRawAsync(string name, string request, CancellationToken cancellationToken)
    {
        ValidateName(name);
        var reply = await UapiSocket.ExchangeAsync(SocketPath(name), name, request, _options.RequestTimeout, _timeProvider,
            cancellationToken);
        if (!reply.StartsWith("errno=", StringComparison.Ordinal) || !reply.EndsWith("\n\n", StringComparison.Ordinal))
        {
            throw new WireGuardProtocolException($"Unexpected reply to UAPI set on {name}");
        }

        var errno = UapiGetParser.ParseErrno(reply.AsSpan("errno=".Length, reply.Length - "errno=".Length - 2), 1);
        if (errno != 0)
        {
            throw UapiErrors.FromErrno("set", name, errno);
        }
    }

    /// <inheritdoc />
    public async Task CreateDeviceAsync(string name, CancellationToken cancellationToken)
    {
        ValidateName(name);
        var path = SocketPath(name);
        if (await UapiSocket.AnswersAsync(path, name, cancellationToken))
        {
            throw new WireGuardException($"Device {name} already exists", EEXIST);
        }

        var started = _timeProvider.GetTimestamp();
        var child = WireGuardGoProcess.Start(_options.WireGuardGoPath, name, _logger);
        try
        {
            using var deadline = new CancellationTokenSource(_options.ReadyTimeout, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            while (!await UapiSocket.AnswersAsync(path, name, linked.Token))
            {
                if (child.Exited.IsCompleted)
                {
                    throw new WireGuardException(
                        $"wireguard-go for {name} exited with code {child.Exited.Result} before its socket answered: {child.LastOutput}");
                }

                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(2), _timeProvider, linked.Token);
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw new WireGuardException(
                        $"wireguard-go for {name} did not open {path} within {_options.ReadyTimeout.TotalSeconds:0.#} s: {child.LastOutput}");
                }
            }
        }
        catch
        {
            child.Kill();
            child.Dispose();
            throw;
        }

        if (_children.TryRemove(name, out var previous))
        {
            previous.Dispose();
        }

        _children[name] = child;
        UserspaceLog.DeviceReady(_logger, name, _timeProvider.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <inheritdoc />
    public async Task DeleteDeviceAsync(string name, CancellationToken cancellationToken)
    {
        ValidateName(name);
        var path = SocketPath(name);

        // wireguard-go watches its socket file and shuts the device down when it disappears.
        var existed = File.Exists(path);
        File.Delete(path);
        if (_children.TryRemove(name, out var child))
        {
            await StopAsync(child, cancellationToken);
            existed = true;
        }

        if (existed)
        {
            UserspaceLog.DeviceDeleted(_logger, name);
        }
    }

    /// <summary>Stops the children this client started (when configured to), then forgets them.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var name in _children.Keys.ToList())
        {
            if (!_children.TryRemove(name, out var child))
            {
                continue;
            }

            if (_options.StopDevicesOnDispose)
            {
                File.Delete(SocketPath(name));
                StopAsync(child, CancellationToken.None).GetAwaiter().GetResult();
            }
            else
            {
                child.Dispose();
            }
        }
    }

    private async Task StopAsync(WireGuardGoProcess child, CancellationToken cancellationToken)
    {
        try
        {
            await child.Exited.WaitAsync(_options.StopTimeout, _timeProvider, cancellationToken);
        }
        catch (TimeoutException)
        {
            UserspaceLog.ChildKilled(_logger, child.Device, child.Pid);
            child.Kill();
            await child.Exited.WaitAsync(_options.StopTimeout, _timeProvider, CancellationToken.None);
        }
        finally
        {
            child.Dispose();
        }
    }

    private string SocketPath(string name) => UapiSocket.PathOf(_options.RunDirectory, name);

    private static void ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > InterfaceNameMaximum || name.Contains('/', StringComparison.Ordinal) || name is "." or ".."
            || name.Any(char.IsWhiteSpace))
        {
            throw new WireGuardException($"Invalid interface name '{name}'", EINVAL);
        }
    }
}
