using QRCoder;

namespace MeshAgent.Core.Clients;

/// <summary>
/// A wg-quick config as a QR code, the way the WireGuard mobile apps import one: as text for a terminal (two
/// rows of modules per line with half blocks) and as a PNG. The code carries the private key: show it once.
/// </summary>
public static class ClientQrCode
{
    // Medium error correction: a config (~300 bytes) stays small enough for a terminal and survives a glare.
    private const QRCodeGenerator.ECCLevel Correction = QRCodeGenerator.ECCLevel.M;

    /// <summary>Pixels per module in the PNG: about 400 px wide for a typical config, easy to scan from a screen.</summary>
    public const int PngPixelsPerModule = 8;

    /// <summary>The code as text lines (dark on light terminals inverted, quiet zone included).</summary>
    public static string Text(string config)
    {
        using var data = Create(config);
        using var code = new AsciiQRCode(data);
        return code.GetGraphicSmall();
    }

    /// <summary>The code as PNG bytes.</summary>
    public static byte[] Png(string config)
    {
        using var data = Create(config);
        using var code = new PngByteQRCode(data);
        return code.GetGraphic(PngPixelsPerModule);
    }

    private static QRCodeData Create(string config)
    {
        ArgumentException.ThrowIfNullOrEmpty(config);
        using var generator = new QRCodeGenerator();
        return generator.CreateQrCode(config, Correction);
    }
}
