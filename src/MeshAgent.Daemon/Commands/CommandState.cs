using System.Text;
using MeshAgent.Interop;

namespace MeshAgent.Daemon.Commands;

/// <summary>
/// What authority commands have changed on this node and must outlive a restart: the isolated public keys (with
/// the name each had, for display) and whether the node has left the mesh. Kept in
/// <c>state_dir/commands</c>, one line each (<c>isolated KEY NAME</c>, <c>left</c>), written durably, so a
/// restarted node never puts an isolated peer back. Raises <see cref="Changed"/> after every change. Thread-safe.
/// </summary>
public sealed class CommandState
{
    /// <summary>File name in the state directory.</summary>
    public const string FileName = "commands";

    private readonly Lock _gate = new();
    private readonly string _path;
    private Dictionary<string, string> _isolated = new(StringComparer.Ordinal);
    private bool _left;

    /// <summary>Loads the state of <paramref name="stateDirectory"/>; an absent file is the empty state.</summary>
    /// <exception cref="InvalidDataException">The file exists but cannot be read: refusing beats forgetting a quarantine.</exception>
    public CommandState(string stateDirectory)
    {
        _path = Path.Combine(stateDirectory, FileName);
        if (!File.Exists(_path))
        {
            return;
        }

        foreach (var line in File.ReadAllLines(_path))
        {
            var parts = line.Split(' ', 3);
            switch (parts)
            {
                case ["isolated", var key, var name]:
                    _isolated[key] = name;
                    break;
                case ["left"]:
                    _left = true;
                    break;
                case [""]:
                    break;
                default:
                    throw new InvalidDataException($"{_path}: unreadable line \"{line}\"");
            }
        }
    }

    /// <summary>Raised with a short reason after a change.</summary>
    public event Action<string>? Changed;

    /// <summary>The isolated public keys.</summary>
    public IReadOnlySet<string> IsolatedKeys
    {
        get
        {
            lock (_gate)
            {
                return _isolated.Keys.ToHashSet(StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Names of the isolated nodes, by name.</summary>
    public IReadOnlyList<string> IsolatedNames
    {
        get
        {
            lock (_gate)
            {
                return [.. _isolated.Values.Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>True after a leave command: no peers, no gossip, also after a restart (delete the file to rejoin).</summary>
    public bool HasLeft
    {
        get
        {
            lock (_gate)
            {
                return _left;
            }
        }
    }

    /// <summary>True when <paramref name="publicKey"/> is isolated.</summary>
    public bool IsIsolated(string publicKey)
    {
        lock (_gate)
        {
            return _isolated.ContainsKey(publicKey);
        }
    }

    /// <summary>Isolates <paramref name="publicKey"/>; false when it already was.</summary>
    /// <exception cref="IOException">Not stored; the state is unchanged.</exception>
    public bool Isolate(string publicKey, string name) =>
        Update(() => !_isolated.ContainsKey(publicKey), () => _isolated[publicKey] = name, $"isolated {name}");

    /// <summary>Releases <paramref name="publicKey"/>; false when it was not isolated.</summary>
    /// <exception cref="IOException">Not stored; the state is unchanged.</exception>
    public bool Release(string publicKey, string name) =>
        Update(() => _isolated.ContainsKey(publicKey), () => _isolated.Remove(publicKey), $"released {name}");

    /// <summary>Marks the node as having left; false when it already had.</summary>
    /// <exception cref="IOException">Not stored; the state is unchanged.</exception>
    public bool MarkLeft() => Update(() => !_left, () => _left = true, "left the mesh");

    private bool Update(Func<bool> applies, Action change, string reason)
    {
        lock (_gate)
        {
            if (!applies())
            {
                return false;
            }

            var previous = (new Dictionary<string, string>(_isolated, StringComparer.Ordinal), _left);
            change();
            try
            {
                Save();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                (_isolated, _left) = previous;
                throw new IOException($"cannot store {_path}: {e.Message}", e);
            }
        }

        Changed?.Invoke(reason);
        return true;
    }

    private void Save()
    {
        var text = new StringBuilder();
        foreach (var (key, name) in _isolated.OrderBy(p => p.Value, StringComparer.Ordinal))
        {
            text.Append("isolated ").Append(key).Append(' ').Append(name).Append('\n');
        }

        if (_left)
        {
            text.Append("left\n");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        DurableFile.Replace(_path, Encoding.ASCII.GetBytes(text.ToString()), UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
