namespace MeshAgent.Netlink.Generic;

/// <summary>
/// Resolves generic netlink families through the controller (GENL_ID_CTRL, CTRL_CMD_GETFAMILY).
/// Thread-safe as its <see cref="NetlinkConnection"/> is.
/// </summary>
public sealed class GenericNetlinkController
{
    /// <summary>GENL_ID_CTRL: the controller's fixed family id.</summary>
    public const ushort ControllerId = 0x10;

    /// <summary>sizeof(struct genlmsghdr).</summary>
    public const int HeaderSize = 4;

    private const byte CommandGetFamily = 3;
    private const byte ControllerVersion = 1;
    private const ushort AttributeFamilyId = 1;
    private const ushort AttributeFamilyName = 2;
    private const ushort AttributeVersion = 3;
    private const ushort AttributeMulticastGroups = 7;
    private const ushort AttributeGroupName = 1;
    private const ushort AttributeGroupId = 2;

    private readonly NetlinkConnection _connection;

    /// <summary>Uses <paramref name="connection"/>, which must be a <see cref="NetlinkProtocol.Generic"/> one.</summary>
    public GenericNetlinkController(NetlinkConnection connection) =>
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));

    /// <summary>Looks a family up by name.</summary>
    /// <exception cref="NetlinkException">ENOENT (<see cref="NetlinkException.IsNotFound"/>) when the family is
    /// not registered, e.g. the module is not loaded.</exception>
    public async Task<GenericNetlinkFamily> GetFamilyAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var request = new NetlinkMessageBuilder(ControllerId, 0, 64);
        request.AddGenericHeader(CommandGetFamily, ControllerVersion);
        request.AddString(AttributeFamilyName, name);
        var operation = $"CTRL_CMD_GETFAMILY {name}";
        var replies = await _connection.ExecuteAsync(operation, request, cancellationToken);
        foreach (var reply in replies)
        {
            if (reply.Header.Type == ControllerId)
            {
                try
                {
                    return Parse(reply);
                }
                catch (NetlinkFormatException e)
                {
                    throw new NetlinkException(operation, Interop.Errno.EIO, e.Message, e);
                }
            }
        }

        throw new NetlinkException(operation, Interop.Errno.EIO, "no family in the reply");
    }

    /// <summary>Parses a CTRL_CMD_NEWFAMILY message.</summary>
    /// <exception cref="NetlinkFormatException">Malformed or without id/name.</exception>
    internal static GenericNetlinkFamily Parse(NetlinkMessage message)
    {
        string? name = null;
        ushort? id = null;
        uint version = 0;
        var groups = new Dictionary<string, uint>(StringComparer.Ordinal);
        foreach (var attribute in message.Attributes(HeaderSize))
        {
            switch (attribute.Type)
            {
                case AttributeFamilyId:
                    id = attribute.GetU16();
                    break;
                case AttributeFamilyName:
                    name = attribute.GetString();
                    break;
                case AttributeVersion:
                    version = attribute.GetU32();
                    break;
                case AttributeMulticastGroups:
                    foreach (var group in attribute.Nested)
                    {
                        string? groupName = null;
                        uint? groupId = null;
                        foreach (var field in group.Nested)
                        {
                            if (field.Type == AttributeGroupName)
                            {
                                groupName = field.GetString();
                            }
                            else if (field.Type == AttributeGroupId)
                            {
                                groupId = field.GetU32();
                            }
                        }

                        if (groupName is not null && groupId is not null)
                        {
                            groups[groupName] = groupId.Value;
                        }
                    }

                    break;
            }
        }

        if (name is null || id is null)
        {
            throw new NetlinkFormatException("CTRL_CMD_NEWFAMILY without family name or id.");
        }

        return new GenericNetlinkFamily(name, id.Value, version, groups);
    }
}
