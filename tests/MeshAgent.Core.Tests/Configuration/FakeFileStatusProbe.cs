using MeshAgent.Core.Configuration.Reading;

namespace MeshAgent.Core.Tests.Configuration;

/// <summary>A file system of chosen paths and modes; every other path is missing.</summary>
internal sealed class FakeFileStatusProbe : IFileStatusProbe
{
    private readonly Dictionary<string, FileStatus> _files = new(StringComparer.Ordinal);

    /// <summary>The paths Stat was asked about, in order.</summary>
    public List<string> Asked { get; } = [];

    public FakeFileStatusProbe WithFile(string path, UnixFileMode mode)
    {
        _files[path] = new FileStatus(true, true, mode);
        return this;
    }

    public FakeFileStatusProbe WithDirectory(string path)
    {
        _files[path] = new FileStatus(true, false, (UnixFileMode)0x1ED);
        return this;
    }

    public FileStatus Stat(string path)
    {
        Asked.Add(path);
        return _files.TryGetValue(path, out var status) ? status : FileStatus.Missing;
    }
}
