-- Guests beside an accounts-only main domain (the "anonymous domain" of a Jitsi deployment): people without an
-- account log in anonymously on this host and join the main domain's conference rooms; the web client's config.js
-- names it as anonymousDomain. Goes after the main VirtualHost of prosody-hosts.cfg.lua; EXTERNAL_SERVICES gives
-- guests the same TURN block (prosody-turn.cfg.lua) as account holders.
VirtualHost "{{GUEST_DOMAIN}}"
    authentication = "anonymous"
    c2s_require_encryption = false
    ssl = {
        certificate = "{{CERT_PATH}}";
        key = "{{KEY_PATH}}";
    }
{{EXTERNAL_SERVICES}}
