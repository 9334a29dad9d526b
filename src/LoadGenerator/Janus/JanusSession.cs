using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Jitsi.Net.LoadGenerator.Janus;

/// <summary>
/// One session on Janus's HTTP transport (the plain REST API under <c>/janus</c>): <c>create</c> makes the
/// session, <c>attach</c> a plugin handle, <c>message</c> sends a plugin request. A plugin answers either at once
/// (<c>success</c>, synchronous requests such as a room's <c>create</c>) or with an <c>ack</c> and later an
/// <c>event</c> carrying the same transaction, which arrives on the session's long poll (<c>GET /janus/&lt;session&gt;</c>).
/// One poller task matches events to waiting requests by transaction. Sessions never time out in the generated
/// configuration (<c>session_timeout = 0</c>), and the long poll itself keeps a session alive on a server that has a
/// timeout (Janus counts it as activity), so no separate keepalive is sent. Requests are made from any thread (joins
/// run concurrently); the poller runs on its own task.
/// </summary>
internal sealed class JanusSession : IAsyncDisposable
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly Uri _sessionUrl;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonObject>> _waiting = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _poller;
    private long _transactions;

    private JanusSession(HttpClient http, Uri sessionUrl)
    {
        _http = http;
        _sessionUrl = sessionUrl;
        _poller = Task.Run(PollAsync);
    }

    /// <summary>Creates a session on the server at <paramref name="baseUrl"/> (e.g. <c>http://198.18.0.1:8088/janus</c>).</summary>
    public static async Task<JanusSession> CreateAsync(Uri baseUrl, CancellationToken cancellationToken)
    {
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        try
        {
            var reply = await PostAsync(http, baseUrl, new JsonObject { ["janus"] = "create", ["transaction"] = "create" }, cancellationToken)
                .ConfigureAwait(false);
            var id = Expect(reply, "success")["data"]?["id"]?.GetValue<long>() ?? throw new JanusException("create: no session id", reply);
            return new JanusSession(http, new Uri(baseUrl.ToString().TrimEnd('/') + "/" + id.ToString(CultureInfo.InvariantCulture)));
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    /// <summary>Attaches a handle of <paramref name="plugin"/>; returns the handle id.</summary>
    public async Task<long> AttachAsync(string plugin, CancellationToken cancellationToken)
    {
        var reply = await PostAsync(_http, _sessionUrl, new JsonObject { ["janus"] = "attach", ["plugin"] = plugin, ["transaction"] = NextTransaction() },
            cancellationToken).ConfigureAwait(false);
        return Expect(reply, "success")["data"]?["id"]?.GetValue<long>() ?? throw new JanusException("attach: no handle id", reply);
    }

    /// <summary>A plugin request answered at once: returns <c>plugindata.data</c>.</summary>
    public async Task<JsonObject> RequestAsync(long handle, JsonObject body, CancellationToken cancellationToken)
    {
        var reply = await PostAsync(_http, HandleUrl(handle), Message(body, null, NextTransaction()), cancellationToken).ConfigureAwait(false);
        return PluginData(Expect(reply, "success"));
    }

    /// <summary>A plugin request answered by an event (after an ack): returns the whole event (<c>plugindata</c>
    /// and, where the plugin sends one, <c>jsep</c>).</summary>
    public async Task<JsonObject> RequestEventAsync(long handle, JsonObject body, JsonObject? jsep, CancellationToken cancellationToken)
    {
        var transaction = NextTransaction();
        var waiter = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[transaction] = waiter;
        try
        {
            var reply = await PostAsync(_http, HandleUrl(handle), Message(body, jsep, transaction), cancellationToken).ConfigureAwait(false);
            if (reply["janus"]?.GetValue<string>() == "success")
            {
                return reply;
            }
            Expect(reply, "ack");
            var evt = await waiter.Task.WaitAsync(EventTimeout, cancellationToken).ConfigureAwait(false);
            if (PluginData(evt)["error"] is { } error)
            {
                throw new JanusException($"{body["request"]}: {error}", evt);
            }
            return evt;
        }
        finally
        {
            _waiting.TryRemove(transaction, out _);
        }
    }

    /// <summary>The plugin's answer inside a reply or event.</summary>
    public static JsonObject PluginData(JsonObject reply) =>
        reply["plugindata"]?["data"] as JsonObject ?? throw new JanusException("no plugindata", reply);

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await PostAsync(_http, _sessionUrl, new JsonObject { ["janus"] = "destroy", ["transaction"] = NextTransaction() }, timeout.Token)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JanusException)
        {
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _poller.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _http.Dispose();
        _stop.Dispose();
    }

    private Uri HandleUrl(long handle) => new(_sessionUrl + "/" + handle.ToString(CultureInfo.InvariantCulture));

    private string NextTransaction() => "t" + Interlocked.Increment(ref _transactions).ToString(CultureInfo.InvariantCulture);

    private static JsonObject Message(JsonObject body, JsonObject? jsep, string transaction)
    {
        var message = new JsonObject { ["janus"] = "message", ["transaction"] = transaction, ["body"] = body };
        if (jsep is not null)
        {
            message["jsep"] = jsep;
        }
        return message;
    }

    private static JsonObject Expect(JsonObject reply, string kind) =>
        reply["janus"]?.GetValue<string>() == kind ? reply : throw new JanusException($"expected {kind}", reply);

    private static async Task<JsonObject> PostAsync(HttpClient http, Uri url, JsonObject body, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(url, body, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken).ConfigureAwait(false)
            ?? throw new JanusException("empty reply", null);
    }

    /// <summary>The long poll: up to 50 events per round; each event with a transaction someone waits for completes it.</summary>
    private async Task PollAsync()
    {
        var url = new Uri(_sessionUrl + "?maxev=50");
        while (!_stop.IsCancellationRequested)
        {
            JsonNode? reply;
            try
            {
                using var response = await _http.GetAsync(url, _stop.Token).ConfigureAwait(false);
                reply = await response.Content.ReadFromJsonAsync<JsonNode>(_stop.Token).ConfigureAwait(false);
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200, _stop.Token).ConfigureAwait(false);
                continue;
            }
            var events = reply as JsonArray ?? [reply?.DeepClone()];
            foreach (var node in events)
            {
                if (node is JsonObject evt && evt["transaction"]?.GetValue<string>() is { } transaction
                    && evt["janus"]?.GetValue<string>() is "event" or "success"
                    && _waiting.TryGetValue(transaction, out var waiter))
                {
                    waiter.TrySetResult(evt);
                }
            }
        }
    }
}

/// <summary>Janus refused a request or answered in a way the generator cannot use.</summary>
internal sealed class JanusException(string message, JsonObject? reply) : Exception($"{message}: {reply?.ToJsonString()}");
