namespace MeshAgent.Dnsmasq.Probing;

/// <summary>A decoded DNS response (header, first question, answer section).</summary>
/// <param name="Id">Transaction id; matches the query's.</param>
/// <param name="ResponseCode">RCODE.</param>
/// <param name="Authoritative">AA bit (dnsmasq sets it for names from its hosts files).</param>
/// <param name="Truncated">TC bit.</param>
/// <param name="QuestionName">The question's name without the trailing dot; empty if there was no question.</param>
/// <param name="QuestionType">The question's type.</param>
/// <param name="Answers">The answer section.</param>
public sealed record DnsResponse(
    ushort Id,
    DnsResponseCode ResponseCode,
    bool Authoritative,
    bool Truncated,
    string QuestionName,
    ushort QuestionType,
    IReadOnlyList<DnsAnswer> Answers);
