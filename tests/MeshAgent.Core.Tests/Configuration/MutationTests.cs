using MeshAgent.Core.Configuration;

namespace MeshAgent.Core.Tests.Configuration;

/// <summary>Whatever an editor does to agent.yaml, loading reports problems and never throws.</summary>
public sealed class MutationTests
{
    private static readonly char[] Noise = [' ', '\t', '\n', ':', '-', '[', ']', '{', '}', '"', '\'', '#', '&', '*', '!', '|', '>', '%', '@', '/', '.', '0', '9', 'x', '\u00e9', '\0'];

    [Test]
    public void Parse_RandomMutationsOfTheDocumentedConfig_NeverThrow()
    {
        var original = RepositoryFiles.Uncomment(File.ReadAllText(RepositoryFiles.PathOf("configs/agent.yaml")));
        var random = new Random(78);
        var invalid = 0;
        for (var i = 0; i < 1000; i++)
        {
            var text = original.ToCharArray().ToList();
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                var position = random.Next(text.Count);
                switch (random.Next(3))
                {
                    case 0:
                        text.RemoveAt(position);
                        break;
                    case 1:
                        text.Insert(position, Noise[random.Next(Noise.Length)]);
                        break;
                    default:
                        text[position] = Noise[random.Next(Noise.Length)];
                        break;
                }
            }

            ConfigLoadResult result = null!;
            var yaml = new string([.. text]);
            Assert.That(() => result = TestConfig.Parse(yaml), Throws.Nothing, yaml);
            Assert.That(result.IsValid, Is.EqualTo(result.Problems.Count == 0));
            Assert.That(result.Problems.All(p => p.Line >= 1 && p.Column >= 1), Is.True, () => string.Join("\n", result.Problems));
            invalid += result.IsValid ? 0 : 1;
        }

        // Most mutations break something; if none did, the loader would not be checking anything.
        Assert.That(invalid, Is.GreaterThan(300));
    }
}
