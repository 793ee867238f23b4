namespace MeshAgent.Core.Commands;

/// <summary>
/// The sliding anti-replay window of RFC 6479 over 32-bit counters: a ring of 64-bit blocks, of which all but
/// one make up the window, so sliding forward clears whole blocks instead of shifting bits. A counter is taken
/// once; a counter older than <see cref="WindowSize"/> behind the highest seen is refused. Checking and marking
/// are separate (<see cref="IsFresh"/>, then <see cref="Mark"/>) so the caller can persist a new high-water mark
/// before it acts. Not thread-safe: one receiver owns it.
/// </summary>
public sealed class ReplayWindow
{
    /// <summary>Blocks in the ring; a power of two.</summary>
    private const int Blocks = 16;

    private const int BlockBits = 64;

    /// <summary>
    /// Counters behind the highest that are still told apart (RFC 6479: ring bits minus one block). Commands are
    /// rare and sent in counter order; the window only has to absorb reordering between the admin's sends.
    /// </summary>
    public const int WindowSize = (Blocks - 1) * BlockBits;

    private readonly ulong[] _ring = new ulong[Blocks];

    /// <summary>An empty window: every counter from 1 is fresh.</summary>
    public ReplayWindow()
    {
    }

    /// <summary>
    /// A window restored after a restart: every counter up to and including <paramref name="highWaterMark"/> counts as
    /// seen, because which of them were is lost; the ones above it are fresh.
    /// </summary>
    public ReplayWindow(uint highWaterMark)
    {
        Highest = highWaterMark;
        Array.Fill(_ring, ulong.MaxValue);
        // Counters above the mark in its own block are fresh: clear their bits, as a slide would have.
        var (block, _) = Position(highWaterMark);
        var bitIndex = (int)(highWaterMark % BlockBits);
        _ring[block] = bitIndex == BlockBits - 1 ? ulong.MaxValue : (1UL << (bitIndex + 1)) - 1;
    }

    /// <summary>The highest counter marked (or restored); 0 before any.</summary>
    public uint Highest { get; private set; }

    /// <summary>True when <paramref name="counter"/> has not been marked and is inside (or ahead of) the window.</summary>
    public bool IsFresh(uint counter)
    {
        if (counter == 0)
        {
            return false;
        }

        if (counter > Highest)
        {
            return true;
        }

        if (Highest - counter >= WindowSize)
        {
            return false;
        }

        var (block, bit) = Position(counter);
        return (_ring[block] & bit) == 0;
    }

    /// <summary>Marks <paramref name="counter"/> as seen, sliding the window when it is ahead; false when it was not fresh.</summary>
    public bool Mark(uint counter)
    {
        if (!IsFresh(counter))
        {
            return false;
        }

        if (counter > Highest)
        {
            var currentBlock = Highest / BlockBits;
            var newBlock = counter / BlockBits;
            // Clear the blocks the window slides over; a jump over the whole ring clears all of it.
            var toClear = Math.Min(newBlock - currentBlock, (uint)Blocks);
            for (uint i = 1; i <= toClear; i++)
            {
                _ring[(currentBlock + i) % Blocks] = 0;
            }

            Highest = counter;
        }

        var (block, bit) = Position(counter);
        _ring[block] |= bit;
        return true;
    }

    private static (int Block, ulong Bit) Position(uint counter) =>
        ((int)(counter / BlockBits % Blocks), 1UL << (int)(counter % BlockBits));
}
