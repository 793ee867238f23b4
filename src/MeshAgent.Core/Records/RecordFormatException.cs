namespace MeshAgent.Core.Records;

/// <summary>Bytes that claim to be a record or revocation list are malformed.</summary>
public sealed class RecordFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RecordFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RecordFormatException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public RecordFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
