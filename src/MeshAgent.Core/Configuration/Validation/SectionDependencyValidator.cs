using MeshAgent.Core.Configuration.Reading;

namespace MeshAgent.Core.Configuration.Validation;

/// <summary>Sections that make sense only together with another one.</summary>
internal static class SectionDependencyValidator
{
    /// <summary>Checks which sections are present; problems go to <paramref name="context"/>.</summary>
    public static void Validate(AgentConfig config, ConfigContext context)
    {
        if (config.Join is not null && config.Mesh is null)
        {
            context.ReportAtKey("join", "needs a mesh section: joining admits this node to the mesh");
        }

        if (config.Join is not null && config.Authority is null)
        {
            context.ReportAtKey("join", "needs an authority section: the admitted record is verified with authority.public_key");
        }
    }
}
