namespace MeshAgent.Cli.LocalApi;

/// <summary>The daemon answered a request with an error; the message is its one-line reason.</summary>
public sealed class DaemonRefusedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DaemonRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public DaemonRefusedException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public DaemonRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
