using System.Net;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Jitsi.Net.Videobridge.Transport.Ice;

namespace Jitsi.Net.Benchmarks;

/// <summary>What the bridge does per ICE connectivity check: parse the RFC 5769 §2.1 sample request and verify
/// MESSAGE-INTEGRITY and FINGERPRINT, with the key as bytes or with an HMAC kept per credential; and write the
/// success response.</summary>
[MemoryDiagnoser]
public class StunBenchmarks
{
    private static readonly byte[] Request = Convert.FromHexString(
        "000100582112a442b7e7a701bc34d686fa87dfae802200105354554e20746573742063" +
        "6c69656e74002400046e0001ff80290008932ff9b151263b3600060009657674" +
        "6a3a6836765920202000080014" +
        "9aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2" +
        "80280004e57a3bcf");

    private readonly byte[] _key = "VOkJxbRl1RmTxUk/WvJxBt"u8.ToArray();
    private readonly byte[] _response = new byte[128];
    private readonly IPEndPoint _remote = new(IPAddress.Parse("192.0.2.1"), 32853);
    private IncrementalHash _hmac = null!;

    [GlobalSetup]
    public void Setup() => _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, _key);

    [GlobalCleanup]
    public void Cleanup() => _hmac.Dispose();

    [Benchmark]
    public bool ParseAndVerify() =>
        StunMessage.TryParse(Request, out var message) && message.VerifyMessageIntegrity(_key) && message.VerifyFingerprint();

    [Benchmark]
    public bool ParseAndVerifyWithKeptHmac() =>
        StunMessage.TryParse(Request, out var message) && message.VerifyMessageIntegrity(_hmac) && message.VerifyFingerprint();

    [Benchmark]
    public int WriteSuccessResponse()
    {
        if (!StunMessage.TryParse(Request, out var request))
        {
            return 0;
        }
        var writer = new StunMessageWriter(_response, StunMessageType.BindingSuccessResponse, request.TransactionId);
        writer.TryAddXorMappedAddress(_remote);
        writer.TryAddMessageIntegrity(_hmac);
        writer.TryAddFingerprint();
        writer.TryComplete(out var length);
        return length;
    }
}
