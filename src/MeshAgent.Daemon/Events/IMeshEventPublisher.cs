namespace MeshAgent.Daemon.Events;

/// <summary>The seam through which any part of the daemon puts an event on the stream. Never blocks.</summary>
public interface IMeshEventPublisher
{
    /// <summary>Hands <paramref name="meshEvent"/> to every subscriber.</summary>
    void Publish(MeshEvent meshEvent);
}
