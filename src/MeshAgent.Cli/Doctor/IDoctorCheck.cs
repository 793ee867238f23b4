namespace MeshAgent.Cli.Doctor;

/// <summary>
/// One diagnosis. A check is a pure function of <see cref="DoctorFacts"/> (gathered once by
/// <see cref="DoctorFactCollector"/>), so each is unit-tested with inputs and none touches the host.
/// </summary>
internal interface IDoctorCheck
{
    /// <summary>Stable name, e.g. "dns-port".</summary>
    string Name { get; }

    /// <summary>The verdict for <paramref name="facts"/>.</summary>
    DoctorResult Run(DoctorFacts facts);
}
