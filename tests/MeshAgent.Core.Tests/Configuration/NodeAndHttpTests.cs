using System.Net;
using MeshAgent.Core.Configuration;

namespace MeshAgent.Core.Tests.Configuration;

public sealed class NodeAndHttpTests
{
    [Test]
    public void Parse_EmptyText_NodeAndHttpHaveDefaultsAndOtherSectionsAreOff()
    {
        var config = TestConfig.Valid(string.Empty);

        Assert.Multiple(() =>
        {
            Assert.That(config.Node.Name, Is.EqualTo(TestConfig.HostName));
            Assert.That(config.Node.StateDirectory, Is.EqualTo("/var/lib/meshagent"));
            Assert.That(config.Node.RuntimeDirectory, Is.EqualTo("/run/meshagent"));
            Assert.That(config.Http.Listen, Is.EqualTo("127.0.0.1:9473"));
            Assert.That(config.Http.ListenEndPoint, Is.EqualTo(new IPEndPoint(IPAddress.Loopback, 9473)));
            Assert.That(config.Http.ApiSocket, Is.EqualTo("/run/meshagent/meshagent.sock"));
            Assert.That(config.Mesh, Is.Null);
            Assert.That(config.Gossip, Is.Null);
            Assert.That(config.Authority, Is.Null);
            Assert.That(config.Join, Is.Null);
            Assert.That(config.Vrb, Is.Null);
            Assert.That(config.DnsDhcp, Is.Null);
            Assert.That(config.Nat, Is.Null);
        });
    }

    [Test]
    public void Parse_NodeAndHttpSet_ValuesAreRead()
    {
        var config = TestConfig.Valid("""
            node: { name: hub-1, state_dir: /srv/mesh, runtime_dir: /run/mesh }
            http:
              listen: "[::1]:8080"
              api_socket: /run/mesh/api.sock
            """);

        Assert.Multiple(() =>
        {
            Assert.That(config.Node, Is.EqualTo(new NodeConfig { Name = "hub-1", StateDirectory = "/srv/mesh", RuntimeDirectory = "/run/mesh" }));
            Assert.That(config.Http.ListenEndPoint, Is.EqualTo(new IPEndPoint(IPAddress.IPv6Loopback, 8080)));
            Assert.That(config.Http.ApiSocket, Is.EqualTo("/run/mesh/api.sock"));
        });
    }

    [Test]
    public void Parse_HostNameIsFqdn_NodeNameIsItsFirstLabelLowercased()
    {
        var result = AgentConfigLoader.Parse(string.Empty, "agent.yaml",
            new MeshAgent.Core.Configuration.Reading.ConfigEnvironment("Web-1.Example.COM", new FakeFileStatusProbe()));

        Assert.That(result.Config?.Node.Name, Is.EqualTo("web-1"));
    }

    [Test]
    public void LoadFile_MissingFile_IsAProblemNotAnException()
    {
        var path = Path.Combine(Path.GetTempPath(), "meshagent-missing-" + Guid.NewGuid().ToString("N"), "agent.yaml");

        var result = AgentConfigLoader.LoadFile(path);

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.Problems.Select(p => p.ToString()),
            Is.EqualTo(new[] { $"{path}: cannot read the configuration file: it does not exist" }));
    }

    [Test]
    public void LoadFile_ExistingFile_IsRead()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "node:\n  name: from-file\n");

            var result = AgentConfigLoader.LoadFile(path);

            Assert.That(result.Config?.Node.Name, Is.EqualTo("from-file"), () => string.Join("\n", result.Problems));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void ConfigProblem_ToString_IsCompilerStyle()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new ConfigProblem("agent.yaml", "mesh.listen_port", 12, 5, "70000 is out of range 1-65535").ToString(),
                Is.EqualTo("agent.yaml:12:5: mesh.listen_port: 70000 is out of range 1-65535"));
            Assert.That(new ConfigProblem("agent.yaml", string.Empty, 0, 0, "cannot read").ToString(),
                Is.EqualTo("agent.yaml: cannot read"));
        });
    }
}
