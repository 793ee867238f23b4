using System.Net;
using MeshAgent.Core.Clients;

namespace MeshAgent.Core.Tests.Clients;

public sealed class ClientQrCodeTests
{
    private static string Config() => WgQuickConfigWriter.Render(new ClientConfig(
        "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=",
        IPAddress.Parse("10.10.11.40"),
        IPAddress.Parse("10.10.11.1"),
        "mesh",
        "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=",
        "192.0.2.1:51820",
        [IPNetwork.Parse("10.10.11.0/24")],
        TimeSpan.FromSeconds(25)));

    [Test]
    public void Text_Config_SquareOfHalfBlocks()
    {
        var lines = ClientQrCode.Text(Config()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        TestContext.Out.WriteLine(string.Join('\n', lines));

        // Two module rows per line: as many columns as twice the lines (give or take the odd last row).
        Assert.That(lines.Select(l => l.Length).Distinct().Count(), Is.EqualTo(1));
        Assert.That(lines[0].Length, Is.InRange((2 * lines.Length) - 1, 2 * lines.Length));
        Assert.That(string.Concat(lines).Trim(' ', '█', '▀', '▄'), Is.Empty);
    }

    [Test]
    public void Png_Config_PngSignature()
    {
        var png = ClientQrCode.Png(Config());

        Assert.That(png.Take(8), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }));
    }

    [Test]
    public void Text_Empty_Throws()
    {
        Assert.Throws<ArgumentException>(() => ClientQrCode.Text(string.Empty));
    }
}
