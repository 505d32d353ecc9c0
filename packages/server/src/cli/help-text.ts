/** `callboard --help`. */
export const HELP_TEXT = `callboard: the Callboard reference server

Usage:
  callboard start [options]   Serve the HTTP API, webhooks, realtime gateways and the dashboard
  callboard backup <file> [--db <path>]
                              Copy the SQLite database to a new file, also while the server runs
  callboard help              Show this help
  callboard --version         Print the version

Options of start (each also an environment variable):
  --port <n>               PORT                       Port (default 3000)
  --host <addr>            HOST                       Address (default 127.0.0.1). Without an API key only loopback is allowed
  --db <path|url>          CALLBOARD_DB               SQLite file (default ./.callboard/callboard.db), a postgres:// URL, or "memory"
  --simulate <n>           CALLBOARD_SIMULATE         Simulated calls per minute (default 12 when no provider is configured; 0 = off)
  --public-url <url>       CALLBOARD_PUBLIC_URL       Public base URL providers call (webhook signatures are checked against it)
  --static-dir <dir>       CALLBOARD_STATIC_DIR       Files served at / (default: the built dashboard, if present)
  --event-retention <age>  CALLBOARD_EVENT_RETENTION  Prune stored events older than this (30d, 12h; default 0 = keep all; calls stay)
  --call-retention <age>   CALLBOARD_CALL_RETENTION   Delete calls that started longer ago than this, with their events (365d; at least 1d; default 0 = keep all)

Environment:
  CALLBOARD_API_KEY          API key (16+ characters); without it the server runs in dev mode (everything allowed, loopback only)
  CALLBOARD_TOKEN_SECRET     Secret signing tokens (default: derived from the API key)
  CALLBOARD_TRUST_PROXY      true: take scheme/host/client address from X-Forwarded-* (only behind your own proxy)
  CALLBOARD_CORS_ORIGINS     Comma-separated browser origins allowed to call the API
  CALLBOARD_BODY_LIMIT       Largest request body in bytes (default 1048576)
  CALLBOARD_RATE_LIMIT       Requests per second per credential (default 50; 0 = off)
  CALLBOARD_METRICS_PUBLIC   true: serve /metrics without a credential
  CALLBOARD_LEGACY_EVENTS    true: also emit the legacy Socket.IO event names (new_call, callUpdated, ...)
  REDIS_URL                  Redis for change notifications between several nodes (with a postgres:// database)
  CALLBOARD_REDIS_CHANNEL    The Redis channel of this deployment (default callboard:events)
  LOG_LEVEL                  fatal, error, warn, info (default), debug, trace or silent
  TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM_NUMBER
  TELNYX_API_KEY, TELNYX_PUBLIC_KEY, TELNYX_CONNECTION_ID, TELNYX_FROM_NUMBER
  AT_USERNAME, AT_API_KEY, AT_CALLBACK_TOKEN, AT_FROM_NUMBER, AT_SANDBOX

Webhook URLs to configure at the providers (with CALLBOARD_PUBLIC_URL as the base):
  Twilio           <base>/webhooks/twilio
  Telnyx           <base>/webhooks/telnyx
  Africa's Talking <base>/webhooks/africastalking?token=<AT_CALLBACK_TOKEN>
`;
