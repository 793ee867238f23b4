namespace MeshAgent.DBus;

/// <summary>
/// One D-Bus message: the header fields and the body (raw bytes plus its signature). Immutable;
/// decode with <see cref="MessageDecoder"/>, encode with <see cref="MessageEncoder"/>. The body
/// is always 8-aligned in the message, so its bytes can be read on their own.
/// </summary>
public sealed class DBusMessage
{
    private IReadOnlyList<DBusValue>? _arguments;

    /// <summary>The message type.</summary>
    public required MessageType Type { get; init; }

    /// <summary>Header flags.</summary>
    public MessageFlags Flags { get; init; }

    /// <summary>The sender-chosen serial (non-zero); 0 until a connection assigns it.</summary>
    public uint Serial { get; init; }

    /// <summary>PATH: the object of a call or the emitter of a signal.</summary>
    public DBusObjectPath? Path { get; init; }

    /// <summary>INTERFACE.</summary>
    public string? Interface { get; init; }

    /// <summary>MEMBER: method or signal name.</summary>
    public string? Member { get; init; }

    /// <summary>ERROR_NAME of an error reply.</summary>
    public string? ErrorName { get; init; }

    /// <summary>REPLY_SERIAL of a reply or error.</summary>
    public uint? ReplySerial { get; init; }

    /// <summary>DESTINATION bus name.</summary>
    public string? Destination { get; init; }

    /// <summary>SENDER unique name (set by the bus).</summary>
    public string? Sender { get; init; }

    /// <summary>SIGNATURE of the body ("" when there is no body).</summary>
    public string Signature { get; init; } = "";

    /// <summary>UNIX_FDS count announced by the sender (fd passing is not negotiated by this library).</summary>
    public uint? UnixFds { get; init; }

    /// <summary>True when the body was marshalled big-endian.</summary>
    public bool IsBigEndian { get; init; }

    /// <summary>The marshalled body.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The body decoded into values, one per complete type of <see cref="Signature"/>.</summary>
    /// <exception cref="DBusFormatException">The body does not match its signature.</exception>
    public IReadOnlyList<DBusValue> Arguments => _arguments ??= DecodeBody();

    /// <summary>A reader over the body in the message's byte order (for typed, allocation-light reads).</summary>
    public MessageReader GetBodyReader() => new(Body.Span, IsBigEndian);

    /// <summary>Creates a METHOD_CALL (serial assigned when sent).</summary>
    /// <param name="destination">Bus name to call, or null on a peer-to-peer connection.</param>
    /// <param name="path">Object path.</param>
    /// <param name="interfaceName">Interface, or null to let the object pick by member name.</param>
    /// <param name="member">Method name.</param>
    /// <param name="arguments">Arguments; the body signature is derived from their types.</param>
    /// <param name="flags">Header flags.</param>
    /// <exception cref="DBusFormatException">A name is invalid or a value cannot be marshalled.</exception>
    public static DBusMessage CreateMethodCall(string? destination, DBusObjectPath path, string? interfaceName, string member,
        IReadOnlyList<DBusValue>? arguments = null, MessageFlags flags = MessageFlags.None)
    {
        if (destination is not null)
        {
            DBusNames.ValidateBusName(destination);
        }

        if (interfaceName is not null)
        {
            DBusNames.ValidateInterfaceName(interfaceName);
        }

        DBusNames.ValidateMemberName(member);
        var (body, signature, args) = MarshalBody(arguments);
        return new DBusMessage
        {
            Type = MessageType.MethodCall, Flags = flags, Destination = destination, Path = path, Interface = interfaceName,
            Member = member, Body = body, Signature = signature, _arguments = args,
        };
    }

    /// <summary>Creates a SIGNAL (serial assigned when sent).</summary>
    /// <exception cref="DBusFormatException">A name is invalid or a value cannot be marshalled.</exception>
    public static DBusMessage CreateSignal(DBusObjectPath path, string interfaceName, string member,
        IReadOnlyList<DBusValue>? arguments = null, string? destination = null)
    {
        DBusNames.ValidateInterfaceName(interfaceName);
        DBusNames.ValidateMemberName(member);
        if (destination is not null)
        {
            DBusNames.ValidateBusName(destination);
        }

        var (body, signature, args) = MarshalBody(arguments);
        return new DBusMessage
        {
            Type = MessageType.Signal, Path = path, Interface = interfaceName, Member = member, Destination = destination,
            Body = body, Signature = signature, _arguments = args,
        };
    }

    /// <summary>Creates the METHOD_RETURN for <paramref name="call"/>.</summary>
    public static DBusMessage CreateMethodReturn(DBusMessage call, IReadOnlyList<DBusValue>? arguments = null)
    {
        ArgumentNullException.ThrowIfNull(call);
        var (body, signature, args) = MarshalBody(arguments);
        return new DBusMessage
        {
            Type = MessageType.MethodReturn, ReplySerial = call.Serial, Destination = call.Sender,
            Body = body, Signature = signature, _arguments = args,
        };
    }

    /// <summary>Creates the ERROR reply for <paramref name="call"/> with one string argument.</summary>
    /// <exception cref="DBusFormatException">Invalid error name.</exception>
    public static DBusMessage CreateError(DBusMessage call, string errorName, string errorMessage)
    {
        ArgumentNullException.ThrowIfNull(call);
        DBusNames.ValidateErrorName(errorName);
        var (body, signature, args) = MarshalBody([DBusValue.String(errorMessage)]);
        return new DBusMessage
        {
            Type = MessageType.Error, ReplySerial = call.Serial, Destination = call.Sender, ErrorName = errorName,
            Body = body, Signature = signature, _arguments = args,
        };
    }

    /// <summary>A short description for logs: type, serial, path, interface.member or error name.</summary>
    public override string ToString() => Type switch
    {
        MessageType.Error => $"error {Serial} reply_to={ReplySerial} {ErrorName}",
        MessageType.MethodReturn => $"return {Serial} reply_to={ReplySerial} ({Signature})",
        _ => $"{Type} {Serial} {Path} {Interface}.{Member}({Signature})",
    };

    internal DBusMessage With(uint serial, string? sender = null) => new()
    {
        Type = Type,
        Flags = Flags,
        Serial = serial,
        Path = Path,
        Interface = Interface,
        Member = Member,
        ErrorName = ErrorName,
        ReplySerial = ReplySerial,
        Destination = Destination,
        Sender = sender ?? Sender,
        Signature = Signature,
        UnixFds = UnixFds,
        IsBigEndian = IsBigEndian,
        Body = Body,
        _arguments = _arguments,
    };

    private static (byte[] Body, string Signature, IReadOnlyList<DBusValue> Arguments) MarshalBody(IReadOnlyList<DBusValue>? arguments)
    {
        IReadOnlyList<DBusValue> args = arguments is null ? [] : [.. arguments];
        var signature = string.Concat(args.Select(a => a.Signature));
        if (signature.Length > DBusLimits.MaxSignatureLength)
        {
            throw new DBusFormatException(DBusFormatError.LimitExceeded, "Body signature exceeds 255 bytes");
        }

        var writer = new MessageWriter();
        writer.WriteValues(args);
        return (writer.ToArray(), signature, args);
    }

    private List<DBusValue> DecodeBody()
    {
        var reader = GetBodyReader();
        var values = reader.ReadValues(Signature);
        if (reader.Remaining != 0)
        {
            throw new DBusFormatException(DBusFormatError.LengthMismatch, $"Body has {reader.Remaining} bytes beyond its signature '{Signature}'");
        }

        return values;
    }
}
