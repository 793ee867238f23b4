namespace MeshAgent.Lab;

/// <summary>An L2 segment: a Linux bridge alone in its own network namespace, one veth leg per host.</summary>
public sealed class LabSwitch
{
    internal LabSwitch(string name, string networkNamespace, string bridge)
    {
        Name = name;
        Namespace = networkNamespace;
        Bridge = bridge;
    }

    /// <summary>The short name given by the test.</summary>
    public string Name { get; }

    /// <summary>The switch's own namespace.</summary>
    public string Namespace { get; }

    /// <summary>The bridge's name inside <see cref="Namespace"/>.</summary>
    public string Bridge { get; }

    /// <inheritdoc />
    public override string ToString() => Namespace;
}
