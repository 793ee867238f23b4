namespace MeshAgent.Core.Configuration;

/// <summary>
/// Names the snake_case YAML key a configuration model property is read from. Documentation tests use it
/// to check that configs/agent.yaml mentions every key of the model.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class ConfigKeyAttribute(string key) : Attribute
{
    /// <summary>The YAML key, e.g. "state_dir".</summary>
    public string Key { get; } = key;
}
