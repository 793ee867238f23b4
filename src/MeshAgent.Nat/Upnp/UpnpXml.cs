using System.Runtime.InteropServices;
using System.Xml;

namespace MeshAgent.Nat.Upnp;

/// <summary>
/// The one way UPnP XML (root descriptions, SOAP answers) is read: a size limit, no DTD, no entities, no resolver,
/// so a hostile gateway can neither expand entities nor make us fetch anything. Every failure becomes a
/// <see cref="MalformedReplyException"/>.
/// </summary>
internal static class UpnpXml
{
    // Shared and immutable once made. The byte limit is checked before reading; this bounds characters after decoding too.
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 0,
        MaxCharactersInDocument = RootDescription.MaxBytes,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = true,
    };

    private static ReadOnlySpan<byte> DocumentTypeMarker => "<!DOCTYPE"u8;

    private static ReadOnlySpan<byte> EntityMarker => "<!ENTITY"u8;

    /// <summary>Opens <paramref name="document"/> for reading, refusing it when larger than <paramref name="maxBytes"/> or carrying a DTD.</summary>
    public static XmlReader Open(ReadOnlyMemory<byte> document, int maxBytes, string what)
    {
        if (document.Length > maxBytes)
        {
            throw new MalformedReplyException(MalformedReplyKind.Oversized, $"{what} of {document.Length} bytes exceeds {maxBytes}");
        }

        // DtdProcessing.Prohibit below refuses these too; looking first gives the refusal its own kind for the counters.
        if (document.Span.IndexOf(DocumentTypeMarker) >= 0 || document.Span.IndexOf(EntityMarker) >= 0)
        {
            throw new MalformedReplyException(MalformedReplyKind.DocumentType, $"{what} carries a document type declaration");
        }

        var stream = MemoryMarshal.TryGetArray(document, out var segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(document.ToArray(), writable: false);
        return XmlReader.Create(stream, Settings);
    }

    /// <summary>Runs <paramref name="read"/> over <paramref name="document"/>, translating every XML failure once.</summary>
    public static T Read<T>(ReadOnlyMemory<byte> document, int maxBytes, string what, Func<XmlReader, T> read)
    {
        try
        {
            using var reader = Open(document, maxBytes, what);
            return read(reader);
        }
        catch (XmlException e)
        {
            throw new MalformedReplyException(MalformedReplyKind.Malformed, $"{what} is not well-formed XML: {e.Message}", e);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException or InvalidOperationException or System.Text.DecoderFallbackException)
        {
            throw new MalformedReplyException(MalformedReplyKind.Malformed, $"{what} could not be read: {e.Message}", e);
        }
    }
}
