namespace MeshAgent.Core.Commands;

/// <summary>
/// The receiver's <see cref="ReplayWindow"/> with its high-water mark in the state directory. A counter above
/// the stored mark is written (durably) before it is taken, so a restart — or a crash between taking a command
/// and acting on it — restores a window in which that counter and everything below it count as seen: a restart
/// can close the window early (a delayed, older command is refused) but never reopen it. Thread-safe.
/// </summary>
public sealed class PersistentReplayWindow
{
    /// <summary>File name in the state directory.</summary>
    public const string FileName = "command-window";

    private readonly Lock _gate = new();
    private readonly string _path;
    private readonly byte[] _authorityPublicKey;
    private readonly ReplayWindow _window;
    private uint _stored;

    private PersistentReplayWindow(string path, byte[] authorityPublicKey, uint? stored)
    {
        _path = path;
        _authorityPublicKey = authorityPublicKey;
        _stored = stored ?? 0;
        _window = stored is { } mark ? new ReplayWindow(mark) : new ReplayWindow();
    }

    /// <summary>The highest counter taken (or restored).</summary>
    public uint Highest
    {
        get
        {
            lock (_gate)
            {
                return _window.Highest;
            }
        }
    }

    /// <summary>Opens the window of <paramref name="stateDirectory"/> for the authority with <paramref name="authorityPublicKey"/>.</summary>
    /// <exception cref="CounterFileException">The stored mark cannot be read (the window stays closed rather than guessed).</exception>
    public static PersistentReplayWindow Open(string stateDirectory, ReadOnlySpan<byte> authorityPublicKey)
    {
        var path = Path.Combine(stateDirectory, FileName);
        return new PersistentReplayWindow(path, authorityPublicKey.ToArray(), CounterFile.Read(path, authorityPublicKey));
    }

    /// <summary>
    /// Takes <paramref name="counter"/> once: false when it was seen or is too old. Call it only for authentic
    /// packets, so that forgeries cannot move the window.
    /// </summary>
    /// <exception cref="IOException">The new mark could not be stored; the counter is then not taken.</exception>
    public bool TryTake(uint counter)
    {
        lock (_gate)
        {
            if (!_window.IsFresh(counter))
            {
                return false;
            }

            if (counter > _stored)
            {
                CounterFile.Write(_path, _authorityPublicKey, counter);
                _stored = counter;
            }

            return _window.Mark(counter);
        }
    }
}
