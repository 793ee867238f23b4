namespace MeshAgent.Daemon.Prometheus;

/// <summary>
/// A subsystem whose instruments are read at scrape time from something that takes I/O to read (wg0 over
/// netlink): the exporter awaits <see cref="RefreshAsync"/> before it runs the observable callbacks, which
/// then only read the fresh snapshot. Registered in DI; the exporter also keeps the source alive.
/// </summary>
public interface IScrapeSource
{
    /// <summary>Reads what this scrape's callbacks will report. Must not throw for an absent source.</summary>
    Task RefreshAsync(CancellationToken cancellationToken);
}
