using System.Globalization;

namespace MeshAgent.NetworkManager.Settings;

/// <summary>
/// One typed value of a NetworkManager setting (the <c>v</c> of <c>a{sa{sv}}</c>). The closed set of
/// subclasses covers the D-Bus types NM uses for the keys we read and write; anything else arrives as
/// <see cref="OpaqueSettingValue"/> and is carried through unchanged. Two values are equal when their
/// canonical text (<see cref="ToString"/>) and D-Bus signature are equal. Immutable; thread-safe.
/// </summary>
public abstract class SettingValue : IEquatable<SettingValue>
{
    private protected SettingValue()
    {
    }

    /// <summary>The D-Bus signature of the value: "s", "b", "u", "aa{sv}", ...</summary>
    public abstract string Signature { get; }

    /// <summary>Canonical text used for comparison and plan output: "true", "10.10.10.1/24", "[a, b]".</summary>
    public abstract override string ToString();

    /// <inheritdoc />
    public bool Equals(SettingValue? other) =>
        other is not null && Signature == other.Signature && ToString() == other.ToString();

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SettingValue);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Signature, ToString());

    /// <summary>A string (<c>s</c>).</summary>
    public static SettingValue Of(string value) => new StringSettingValue(value);

    /// <summary>A boolean (<c>b</c>).</summary>
    public static SettingValue Of(bool value) => new BooleanSettingValue(value);

    /// <summary>An unsigned 32-bit integer (<c>u</c>).</summary>
    public static SettingValue Of(uint value) => new UInt32SettingValue(value);

    /// <summary>A signed 32-bit integer (<c>i</c>).</summary>
    public static SettingValue Of(int value) => new Int32SettingValue(value);
}

/// <summary>A D-Bus string (<c>s</c>).</summary>
/// <param name="value">The string.</param>
public sealed class StringSettingValue(string value) : SettingValue
{
    /// <summary>The string.</summary>
    public string Value { get; } = value ?? throw new ArgumentNullException(nameof(value));

    /// <inheritdoc />
    public override string Signature => "s";

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>A D-Bus boolean (<c>b</c>).</summary>
/// <param name="value">The boolean.</param>
public sealed class BooleanSettingValue(bool value) : SettingValue
{
    /// <summary>The boolean.</summary>
    public bool Value { get; } = value;

    /// <inheritdoc />
    public override string Signature => "b";

    /// <inheritdoc />
    public override string ToString() => Value ? "true" : "false";
}

/// <summary>A D-Bus unsigned 32-bit integer (<c>u</c>).</summary>
/// <param name="value">The number.</param>
public sealed class UInt32SettingValue(uint value) : SettingValue
{
    /// <summary>The number.</summary>
    public uint Value { get; } = value;

    /// <inheritdoc />
    public override string Signature => "u";

    /// <inheritdoc />
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A D-Bus signed 32-bit integer (<c>i</c>).</summary>
/// <param name="value">The number.</param>
public sealed class Int32SettingValue(int value) : SettingValue
{
    /// <summary>The number.</summary>
    public int Value { get; } = value;

    /// <inheritdoc />
    public override string Signature => "i";

    /// <inheritdoc />
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// NM's <c>address-data</c> (<c>aa{sv}</c> of <c>address</c> s and <c>prefix</c> u), rendered as CIDRs
/// "10.10.10.1/24, 10.10.10.2/24" in the order NM keeps them.
/// </summary>
/// <param name="addresses">The addresses with their prefix lengths.</param>
public sealed class AddressDataSettingValue(IReadOnlyList<AddressData> addresses) : SettingValue
{
    /// <summary>The addresses in order.</summary>
    public IReadOnlyList<AddressData> Addresses { get; } = addresses ?? throw new ArgumentNullException(nameof(addresses));

    /// <inheritdoc />
    public override string Signature => "aa{sv}";

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", Addresses);
}

/// <summary>One entry of <c>address-data</c>.</summary>
/// <param name="Address">Address text as NM spells it ("10.10.10.1").</param>
/// <param name="Prefix">Prefix length in bits.</param>
public sealed record AddressData(string Address, uint Prefix)
{
    /// <summary>"10.10.10.1/24".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Address}/{Prefix}");
}

/// <summary>
/// A value of a type we do not interpret (byte arrays, legacy <c>addresses</c> aau, ...). The raw value is
/// whatever the D-Bus binding produced; it is kept for display and round trips, compared by its text.
/// </summary>
/// <param name="signature">The D-Bus signature.</param>
/// <param name="raw">The value as the binding represents it.</param>
/// <param name="text">Canonical text for comparison and display.</param>
public sealed class OpaqueSettingValue(string signature, object raw, string text) : SettingValue
{
    /// <summary>The value as the D-Bus binding represents it.</summary>
    public object Raw { get; } = raw ?? throw new ArgumentNullException(nameof(raw));

    /// <inheritdoc />
    public override string Signature { get; } = signature ?? throw new ArgumentNullException(nameof(signature));

    private readonly string _text = text ?? throw new ArgumentNullException(nameof(text));

    /// <inheritdoc />
    public override string ToString() => _text;
}
