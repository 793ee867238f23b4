using System.Reflection;
using MeshAgent.Core.Configuration;
using MeshAgent.Core.Configuration.Yaml;

namespace MeshAgent.Core.Tests.Configuration;

public sealed class DocumentationTests
{
    private static string AgentYaml => File.ReadAllText(RepositoryFiles.PathOf("configs/agent.yaml"));

    [Test]
    public void AgentYaml_AsShipped_IsValidAndEnablesOnlyNodeAndHttp()
    {
        var config = TestConfig.Valid(AgentYaml);

        Assert.Multiple(() =>
        {
            Assert.That(config.Node.StateDirectory, Is.EqualTo(NodeConfig.DefaultStateDirectory));
            Assert.That(config.Http, Is.EqualTo(new HttpConfig()));
            Assert.That(config with { Node = config.Node }, Is.EqualTo(new AgentConfig { Node = config.Node }));
        });
    }

    [Test]
    public void AgentYaml_EverySettingEnabled_IsValidAndHasEverySection()
    {
        var config = TestConfig.Valid(RepositoryFiles.Uncomment(AgentYaml));

        Assert.Multiple(() =>
        {
            Assert.That(config.Node.Name, Is.EqualTo("hub-1"));
            Assert.That(config.Mesh, Is.Not.Null);
            Assert.That(config.Mesh!.Hubs, Has.Count.EqualTo(1));
            Assert.That(config.Gossip, Is.Not.Null);
            Assert.That(config.Authority, Is.Not.Null);
            Assert.That(config.Join, Is.Not.Null);
            Assert.That(config.Vrb?.Lan, Is.Not.Null);
            Assert.That(config.Vrb?.Ext, Is.Not.Null);
            Assert.That(config.DnsDhcp?.Dhcp?.Reservations, Has.Count.EqualTo(1));
            Assert.That(config.Nat, Is.Not.Null);
        });
    }

    [Test]
    public void AgentYaml_DocumentedValues_AreTheModelDefaults()
    {
        // The enabled file sets most keys to the value the comment calls the default; the model must agree.
        var config = TestConfig.Valid(RepositoryFiles.Uncomment(AgentYaml));
        var defaults = new MeshConfig { Prefix = config.Mesh!.Prefix };

        Assert.Multiple(() =>
        {
            Assert.That(config.Mesh.Interface, Is.EqualTo(defaults.Interface));
            Assert.That(config.Mesh.ListenPort, Is.EqualTo(defaults.ListenPort));
            Assert.That(config.Mesh.Mtu, Is.EqualTo(defaults.Mtu));
            Assert.That(config.Mesh.Backend, Is.EqualTo(defaults.Backend));
            Assert.That(config.Mesh.UserspaceBinary, Is.EqualTo(defaults.UserspaceBinary));
            Assert.That(config.Mesh.PersistentKeepalive, Is.EqualTo(defaults.PersistentKeepalive));
            Assert.That(config.Mesh.DirectPathTimeout, Is.EqualTo(defaults.DirectPathTimeout));
            Assert.That(config.Gossip!.Port, Is.EqualTo(new GossipConfig().Port));
            Assert.That(config.Gossip.Preset, Is.EqualTo(new GossipConfig().Preset));
            Assert.That(config.Vrb!.RollbackTimeout, Is.EqualTo(new VrbConfig().RollbackTimeout));
            Assert.That(config.Vrb.ConnectivityTarget, Is.EqualTo(new VrbConfig().ConnectivityTarget));
            Assert.That(config.Vrb.Lan!.Stp, Is.False);
            Assert.That(config.DnsDhcp!.Domain, Is.EqualTo(new DnsDhcpConfig().Domain));
            Assert.That(config.DnsDhcp.MeshDomain, Is.EqualTo(new DnsDhcpConfig().MeshDomain));
            Assert.That(config.DnsDhcp.DnsmasqBinary, Is.EqualTo(new DnsDhcpConfig().DnsmasqBinary));
            Assert.That(config.DnsDhcp.Dhcp!.LeaseTime, Is.EqualTo(new DhcpConfig().LeaseTime));
            Assert.That(config.Nat!.PortMapping, Is.EqualTo(new NatConfig().PortMapping));
        });
    }

    [Test]
    public void AgentYaml_EveryModelProperty_AppearsAsAKey()
    {
        var document = ConfigYamlParser.Parse(RepositoryFiles.Uncomment(AgentYaml));
        Assert.That(document.Error, Is.Null);
        var written = new HashSet<string>(StringComparer.Ordinal);
        CollectPaths(document.Root!, string.Empty, written);

        var missing = ModelPaths(typeof(AgentConfig), string.Empty).Where(p => !written.Contains(p)).ToList();

        Assert.That(missing, Is.Empty, "model properties not documented in configs/agent.yaml");
        Assert.That(written, Does.Contain("dns_dhcp.dhcp.reservations[].name"), "the walk must reach nested lists");
    }

    [Test]
    public void ModelTypes_EverySettableProperty_HasAConfigKey()
    {
        var modelTypes = typeof(AgentConfig).Assembly.GetExportedTypes()
            .Where(t => t.GetProperties().Any(p => p.GetCustomAttribute<ConfigKeyAttribute>() is not null))
            .ToList();
        var unkeyed = modelTypes
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => (Type: t, Property: p)))
            .Where(x => x.Property.SetMethod is not null && x.Property.GetCustomAttribute<ConfigKeyAttribute>() is null)
            .Select(x => $"{x.Type.Name}.{x.Property.Name}")
            .ToList();

        Assert.That(modelTypes, Has.Count.GreaterThanOrEqualTo(12));
        Assert.That(unkeyed, Is.Empty);
    }

    [TestCase("configs/examples/hub.yaml")]
    [TestCase("configs/examples/spoke.yaml")]
    public void Example_Loaded_IsValid(string relative)
    {
        var config = TestConfig.Valid(File.ReadAllText(RepositoryFiles.PathOf(relative)));

        Assert.That(config.Mesh, Is.Not.Null);
    }

    private static IEnumerable<string> ModelPaths(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<ConfigKeyAttribute>() is not { } key)
            {
                continue;
            }

            var path = prefix.Length == 0 ? key.Key : $"{prefix}.{key.Key}";
            yield return path;
            var element = ModelElement(property.PropertyType, out var isList);
            if (element is not null)
            {
                foreach (var child in ModelPaths(element, isList ? path + "[]" : path))
                {
                    yield return child;
                }
            }
        }
    }

    private static Type? ModelElement(Type type, out bool isList)
    {
        isList = false;
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            isList = true;
            type = type.GetGenericArguments()[0];
        }

        return type.GetProperties().Any(p => p.GetCustomAttribute<ConfigKeyAttribute>() is not null) ? type : null;
    }

    private static void CollectPaths(ConfigNode node, string path, HashSet<string> paths)
    {
        switch (node)
        {
            case ConfigMapping mapping:
                foreach (var (key, value) in mapping.Entries)
                {
                    var child = path.Length == 0 ? ((ConfigScalar)key).Value : $"{path}.{((ConfigScalar)key).Value}";
                    paths.Add(child);
                    CollectPaths(value, child, paths);
                }

                break;
            case ConfigSequence sequence:
                foreach (var item in sequence.Items)
                {
                    CollectPaths(item, path + "[]", paths);
                }

                break;
        }
    }
}
