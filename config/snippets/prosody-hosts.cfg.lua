-- Jitsi.Net on Prosody 0.12: the hosts and components the Focus, the bridges and the web client use.
-- Used verbatim by the dev stack and the tests (rendered by ProsodyConfigRenderer) and by operators adding
-- Jitsi.Net to an existing Prosody (config/README.md): replace each upper-case name in double braces.
-- The EXTERNAL_SERVICES placeholder takes the TURN block of prosody-turn.cfg.lua, or nothing without a TURN server.
-- WEB_AUTHENTICATION is "anonymous" (web users join as guests) or "internal_hashed" (accounts only: the web client
-- asks for a login); GUEST_HOST is prosody-guests.cfg.lua (guests on a separate anonymous host) or nothing.

-- Web clients over WebSocket: guests, or accounts only.
VirtualHost "{{DOMAIN}}"
    authentication = "{{WEB_AUTHENTICATION}}"
    c2s_require_encryption = false
    ssl = {
        certificate = "{{CERT_PATH}}";
        key = "{{KEY_PATH}}";
    }
{{EXTERNAL_SERVICES}}
{{GUEST_HOST}}

-- Service accounts: the bridges share one account and log in with SCRAM-SHA-1 after STARTTLS.
VirtualHost "{{AUTH_DOMAIN}}"
    authentication = "internal_hashed"
    c2s_require_encryption = true
    ssl = {
        certificate = "{{CERT_PATH}}";
        key = "{{KEY_PATH}}";
    }

-- Conference rooms. Only the focus creates rooms (it must own and configure a room before any
-- participant joins); real JIDs are public so clients recognise the focus occupant.
Component "{{MUC_DOMAIN}}" "muc"
    admins = { "{{FOCUS_COMPONENT}}" }
    restrict_room_creation = true
    muc_room_locking = false
    muc_room_default_public_jids = true
    muc_tombstones = false

-- The brewery, where bridges announce themselves to the focus. Rooms here are members-only and
-- only the bridge account and the focus may create them; both are admins and so room owners,
-- which lets them in while any other user (anonymous web clients included) is refused.
Component "{{INTERNAL_MUC_DOMAIN}}" "muc"
    admins = { "{{BRIDGE_ACCOUNT_JID}}", "{{BRIDGE_COMPONENT}}", "{{FOCUS_COMPONENT}}" }
    restrict_room_creation = true
    muc_room_locking = false
    muc_room_default_members_only = true
    muc_room_default_public_jids = true
    muc_tombstones = false

-- The focus, an XEP-0114 external component.
Component "{{FOCUS_COMPONENT}}"
    component_secret = "{{COMPONENT_SECRET}}"

-- Bridges may also connect as an XEP-0114 component instead of logging in with the shared account
-- (the bridge's Xmpp:Mode = Component); they join the brewery from <component>/<bridge id>.
Component "{{BRIDGE_COMPONENT}}"
    component_secret = "{{BRIDGE_COMPONENT_SECRET}}"
