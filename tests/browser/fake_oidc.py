"""A tiny OpenID Connect provider for browser tests: discovery, authorize, token, JWKS and userinfo.

It runs on a loopback port in a thread (standard library http.server) and signs ID tokens with
a fresh RS256 key, so Streamlit's real sign-in (Authlib) checks signature, issuer, audience,
expiry and nonce exactly as it would with a real provider. Who signs in is the provider's own
"session": a cookie `fake_subject` the test sets in a browser context (with `fake_name`,
`fake_email`); the authorize endpoint then redirects straight back with a code and the state.
"""

from __future__ import annotations

import base64
import json
import secrets
import socket
import threading
import time
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey


class FakeProvider:
    """Start with `with FakeProvider(client_id, client_secret) as idp:`; `idp.issuer` is its base URL."""

    def __init__(self, client_id: str, client_secret: str) -> None:
        self.client_id, self.client_secret = client_id, client_secret
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key", "use": "sig", "alg": "RS256"})
        self.codes: dict[str, dict] = {}  # code -> what the authorize request and the provider session said
        self.tokens_issued: list[dict] = []  # the claims of every ID token, for the test to inspect
        self._lock = threading.Lock()
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.issuer = f"http://127.0.0.1:{port}"
        self.metadata_url = f"{self.issuer}/.well-known/openid-configuration"
        self._server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FakeProvider:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    # --- endpoints -----------------------------------------------------------------------------
    def metadata(self) -> dict:
        return {"issuer": self.issuer, "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token", "jwks_uri": f"{self.issuer}/jwks",
                "userinfo_endpoint": f"{self.issuer}/userinfo", "response_types_supported": ["code"],
                "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["RS256"],
                "scopes_supported": ["openid", "profile", "email"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"]}

    def authorize(self, query: dict[str, str], cookies: dict[str, str]) -> str:
        """Where to send the browser: back to the client with a code and the state (or an error)."""
        redirect = query.get("redirect_uri", "")
        if query.get("client_id") != self.client_id or query.get("response_type") != "code" or not redirect:
            raise ValueError("bad authorization request")
        subject = cookies.get("fake_subject")
        if not subject:
            return f"{redirect}?{urlencode({'error': 'login_required', 'state': query.get('state', '')})}"
        code = secrets.token_urlsafe(16)
        with self._lock:
            self.codes[code] = {"nonce": query.get("nonce"), "redirect_uri": redirect, "sub": subject,
                                "name": cookies.get("fake_name", subject), "email": cookies.get("fake_email", "")}
        return f"{redirect}?{urlencode({'code': code, 'state': query.get('state', '')})}"

    def token(self, form: dict[str, str], authorization: str | None) -> tuple[int, dict]:
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        if authorization and authorization.startswith("Basic "):
            client_id, _, client_secret = base64.b64decode(authorization[6:]).decode().partition(":")
            client_id, client_secret = unquote(client_id), unquote(client_secret)
        if (client_id, client_secret) != (self.client_id, self.client_secret):
            return 401, {"error": "invalid_client"}
        with self._lock:
            grant = self.codes.pop(form.get("code", ""), None)  # a code works once
        if grant is None or form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {"error": "invalid_grant"}
        now = int(time.time())
        claims = {"iss": self.issuer, "sub": grant["sub"], "aud": self.client_id, "iat": now, "exp": now + 300,
                  "name": grant["name"], "email": grant["email"], "email_verified": True}
        if grant["nonce"]:
            claims["nonce"] = grant["nonce"]
        self.tokens_issued.append(claims)
        id_token = jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, self.key)
        access_token = "at_" + json.dumps({"sub": grant["sub"], "name": grant["name"], "email": grant["email"]})
        return 200, {"access_token": base64.urlsafe_b64encode(access_token.encode()).decode(),
                     "token_type": "Bearer", "expires_in": 300, "id_token": id_token, "scope": "openid profile email"}

    def userinfo(self, authorization: str | None) -> tuple[int, dict]:
        try:
            decoded = base64.urlsafe_b64decode(authorization.split(" ", 1)[1]).decode()
            return 200, json.loads(decoded.removeprefix("at_"))
        except Exception:
            return 401, {"error": "invalid_token"}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: object) -> None:  # quiet: pytest shows failures, not traffic
                pass

            def _json(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Cache-Control", "no-store")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/.well-known/openid-configuration":
                    self._json(200, provider.metadata())
                elif url.path == "/jwks":
                    self._json(200, {"keys": [provider.key.as_dict(private=False)]})
                elif url.path == "/userinfo":
                    self._json(*provider.userinfo(self.headers.get("Authorization")))
                elif url.path == "/authorize":
                    jar = SimpleCookie(self.headers.get("Cookie", ""))
                    try:
                        target = provider.authorize(query, {k: unquote(m.value) for k, m in jar.items()})
                    except ValueError as exc:
                        self._json(400, {"error": "invalid_request", "error_description": str(exc)})
                        return
                    self.send_response(302)
                    self.send_header("Location", target)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                else:
                    self._json(404, {"error": "not_found"})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if urlsplit(self.path).path == "/token":
                    self._json(*provider.token(form, self.headers.get("Authorization")))
                else:
                    self._json(404, {"error": "not_found"})

        return Handler
