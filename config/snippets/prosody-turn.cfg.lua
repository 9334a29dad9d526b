    -- XEP-0215 external services: the TURN server with credentials valid for {{TURN_TTL}} s, made per request
    -- from the secret shared with coturn (its use-auth-secret/static-auth-secret: the TURN REST API scheme,
    -- user name "<expiry>:<user>", password base64(HMAC-SHA1(secret, user name))). Clients ask with
    -- <services xmlns='urn:xmpp:extdisco:2'/>. Drop the "turns" line when the TURN server has no TLS listener.
    modules_enabled = { "external_services" }
    external_service_secret = "{{TURN_SECRET}}"
    external_service_ttl = {{TURN_TTL}}
    external_services = {
        { type = "stun", transport = "udp", host = "{{TURN_HOST}}", port = {{TURN_PORT}} };
        { type = "turn", transport = "udp", host = "{{TURN_HOST}}", port = {{TURN_PORT}}, secret = true, algorithm = "turn" };
        { type = "turn", transport = "tcp", host = "{{TURN_HOST}}", port = {{TURN_PORT}}, secret = true, algorithm = "turn" };
        { type = "turns", transport = "tcp", host = "{{TURN_HOST}}", port = {{TURN_TLS_PORT}}, secret = true, algorithm = "turn" };
    }
