namespace MeshAgent.Lab.Mesh;

/// <summary>One host of a <see cref="MeshLab"/>: its lab host, files, and the meshagent running in it.</summary>
public sealed class MeshLabNode
{
    internal MeshLabNode(LabHost host, string name, string underlay, string directory, bool isHub, bool behindNat)
    {
        Host = host;
        Name = name;
        Underlay = underlay;
        Directory = directory;
        IsHub = isHub;
        BehindNat = behindNat;
    }

    /// <summary>The network namespace.</summary>
    public LabHost Host { get; }

    /// <summary>The node name (node.name).</summary>
    public string Name { get; }

    /// <summary>Its underlay address (behind a NAT: its private address).</summary>
    public string Underlay { get; }

    /// <summary>Its directory: agent.yaml, state/, run/, the API socket.</summary>
    public string Directory { get; }

    /// <summary>True for the hub, which also holds the authority key.</summary>
    public bool IsHub { get; }

    /// <summary>True when it reaches the underlay through a NAT host and advertises no endpoint.</summary>
    public bool BehindNat { get; }

    /// <summary>agent.yaml.</summary>
    public string ConfigPath => Path.Combine(Directory, "agent.yaml");

    /// <summary>The local API socket.</summary>
    public string ApiSocket => Path.Combine(Directory, "run", "meshagent.sock");

    /// <summary>The running daemon, or null while stopped.</summary>
    public LabProcess? Daemon { get; internal set; }

    /// <inheritdoc />
    public override string ToString() => Name;
}
