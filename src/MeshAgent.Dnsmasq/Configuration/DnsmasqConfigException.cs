namespace MeshAgent.Dnsmasq.Configuration;

/// <summary>Thrown when <see cref="DnsmasqOptions"/> hold values dnsmasq must not be given.</summary>
public sealed class DnsmasqConfigException : Exception
{
    /// <summary>Creates the exception from every problem found.</summary>
    /// <param name="problems">One line per problem, each starting with the option's path.</param>
    public DnsmasqConfigException(IReadOnlyList<string> problems)
        : base("invalid dnsmasq options: " + string.Join("; ", problems))
    {
        Problems = problems;
    }

    /// <summary>Creates the exception with a single problem.</summary>
    public DnsmasqConfigException(string message)
        : this([message])
    {
    }

    /// <summary>Creates the exception with no problem list.</summary>
    public DnsmasqConfigException()
        : this("invalid dnsmasq options")
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public DnsmasqConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    /// <summary>Every problem found, each "path: what is wrong", e.g. "reservations[0].name: ...".</summary>
    public IReadOnlyList<string> Problems { get; } = [];
}
