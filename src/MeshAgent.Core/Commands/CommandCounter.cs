namespace MeshAgent.Core.Commands;

/// <summary>
/// The sender's counter on the admin node. Counters are reserved in blocks: before the first counter of a block
/// is used, the end of the block is stored durably, and a restarted sender continues after the stored end. So no
/// counter is ever used twice, at the cost of skipping at most one block per restart (2^32 counters last 136
/// years at one command per second). One counter for all targets: each node's MAC key is its own, so the same
/// counter in packets to different nodes never helps a replay. Thread-safe.
/// </summary>
public sealed class CommandCounter
{
    /// <summary>File name in the state directory.</summary>
    public const string FileName = "command-counter";

    /// <summary>Counters reserved per durable write: few writes per burst of commands, few skipped per restart.</summary>
    public const uint BlockSize = 256;

    private readonly Lock _gate = new();
    private readonly string _path;
    private readonly byte[] _authorityPublicKey;
    private uint _reservedUpTo;
    private uint _next;

    private CommandCounter(string path, byte[] authorityPublicKey, uint reservedUpTo)
    {
        _path = path;
        _authorityPublicKey = authorityPublicKey;
        _reservedUpTo = reservedUpTo;
        _next = reservedUpTo + 1;
    }

    /// <summary>Opens the counter of <paramref name="stateDirectory"/> for the authority with <paramref name="authorityPublicKey"/>.</summary>
    /// <exception cref="CounterFileException">The stored counter cannot be read.</exception>
    public static CommandCounter Open(string stateDirectory, ReadOnlySpan<byte> authorityPublicKey)
    {
        var path = Path.Combine(stateDirectory, FileName);
        return new CommandCounter(path, authorityPublicKey.ToArray(), CounterFile.Read(path, authorityPublicKey) ?? 0);
    }

    /// <summary>The next unused counter, reserved durably before it is returned.</summary>
    /// <exception cref="InvalidOperationException">The 32-bit counter space is used up: the mesh needs a new authority key.</exception>
    /// <exception cref="IOException">The reservation could not be stored; no counter is returned.</exception>
    public uint Next()
    {
        lock (_gate)
        {
            // After uint.MaxValue was handed out, _next wrapped to 0.
            if (_next == 0)
            {
                throw new InvalidOperationException("The authority's command counter is used up; commands need a new authority key.");
            }

            if (_next > _reservedUpTo)
            {
                var end = (uint)Math.Min((ulong)_reservedUpTo + BlockSize, uint.MaxValue);
                CounterFile.Write(_path, _authorityPublicKey, end);
                _reservedUpTo = end;
            }

            return _next++;
        }
    }
}
