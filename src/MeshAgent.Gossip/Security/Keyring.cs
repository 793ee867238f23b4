using System.Collections.Immutable;

namespace MeshAgent.Gossip.Security;

/// <summary>
/// AES keys for gossip encryption (memberlist's keyring): one primary key encrypts, every installed key
/// is tried when decrypting, so keys can be rotated without downtime (install everywhere, switch primary,
/// remove the old one). Keys are 16, 24 or 32 bytes (AES-128/192/256). Thread-safe; readers see an
/// immutable snapshot. Key bytes never appear in <see cref="ToString"/>.
/// </summary>
public sealed class Keyring
{
    private readonly Lock _gate = new();
    private ImmutableArray<byte[]> _keys; // one reference inside: reads are atomic

    /// <summary>Creates a keyring whose primary key is <paramref name="primary"/>, with further accepted keys.</summary>
    public Keyring(ReadOnlySpan<byte> primary, IEnumerable<byte[]>? others = null)
    {
        Validate(primary);
        var builder = ImmutableArray.CreateBuilder<byte[]>();
        builder.Add(primary.ToArray());
        foreach (var k in others ?? [])
        {
            Validate(k);
            if (!builder.Any(x => x.AsSpan().SequenceEqual(k))) builder.Add((byte[])k.Clone());
        }
        _keys = builder.ToImmutable();
    }

    /// <summary>Parses a base64 key (as <c>serf keygen</c> prints) into a keyring with that primary key.</summary>
    public static Keyring FromBase64(string primary, params string[] others)
    {
        try
        {
            return new Keyring(Convert.FromBase64String(primary), others.Select(Convert.FromBase64String));
        }
        catch (FormatException e)
        {
            throw new ArgumentException("A gossip key is not valid base64.", nameof(primary), e);
        }
    }

    /// <summary>The key used to encrypt.</summary>
    public ReadOnlySpan<byte> PrimaryKey => _keys[0];

    /// <summary>All keys, primary first; tried in this order when decrypting.</summary>
    public ImmutableArray<byte[]> Keys => _keys;

    /// <summary>Adds a key that is accepted for decryption; no-op when already installed.</summary>
    public void AddKey(ReadOnlySpan<byte> key)
    {
        Validate(key);
        var copy = key.ToArray();
        lock (_gate)
        {
            if (!_keys.Any(k => k.AsSpan().SequenceEqual(copy))) _keys = _keys.Add(copy);
        }
    }

    /// <summary>Makes an installed key the primary one.</summary>
    public void UseKey(ReadOnlySpan<byte> key)
    {
        var copy = key.ToArray();
        lock (_gate)
        {
            int i = IndexOf(copy);
            if (i < 0) throw new InvalidOperationException("The key is not installed.");
            _keys = _keys.RemoveAt(i).Insert(0, _keys[i]);
        }
    }

    /// <summary>Removes a key that is not the primary one.</summary>
    public void RemoveKey(ReadOnlySpan<byte> key)
    {
        var copy = key.ToArray();
        lock (_gate)
        {
            int i = IndexOf(copy);
            if (i == 0) throw new InvalidOperationException("The primary key cannot be removed.");
            if (i > 0) _keys = _keys.RemoveAt(i);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"Keyring({_keys.Length} keys)";

    private int IndexOf(byte[] key)
    {
        for (int i = 0; i < _keys.Length; i++) if (_keys[i].AsSpan().SequenceEqual(key)) return i;
        return -1;
    }

    private static void Validate(ReadOnlySpan<byte> key)
    {
        if (key.Length is not (16 or 24 or 32)) throw new ArgumentException($"A gossip key must be 16, 24 or 32 bytes, not {key.Length}.", nameof(key));
    }
}
