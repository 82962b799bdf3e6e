#!/usr/bin/env python3
"""A real SMTP server on 127.0.0.1 for net/tests (python3-aiosmtpd, Debian bookworm).

Started by `support::SmtpServer` (net/tests/support/mod.rs): it binds the given port (0 = any
free port), prints `LISTENING <port>` on stdout once it accepts connections, and runs until
killed. Modes:
  accept    every message is written as <n>.eml (n = 1, 2, … in arrival order) into --maildir
  reject    550 on DATA
  tempfail  451 on DATA
  silent    accepts the TCP connection and never greets
  stall     greets and answers EHLO, then never answers MAIL FROM
Options: --cert/--key enable STARTTLS (or implicit TLS with --implicit-tls); --auth USER:PASS
requires AUTH and answers 535 to any other pair; --lmtp SOCKET --lmtp-user USER also delivers
every accepted message over LMTP (dovecot-lmtpd's unix socket) to USER's INBOX, so a mail sent
here can be read back over IMAP (451 if that delivery fails).
"""
import argparse
import asyncio
import os
import smtplib
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Handler:
    def __init__(self, mode, maildir, lmtp=None, lmtp_user=None):
        self.mode = mode
        self.maildir = maildir
        self.lmtp = lmtp
        self.lmtp_user = lmtp_user
        self.count = 0

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.mode == "stall":
            await asyncio.sleep(3600)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.mode == "reject":
            return "550 5.7.1 Message refused by test policy"
        if self.mode == "tempfail":
            return "451 4.3.0 Mailbox temporarily unavailable, try again later"
        content = envelope.original_content or envelope.content
        if self.lmtp:
            try:
                await asyncio.get_running_loop().run_in_executor(
                    None, deliver_lmtp, self.lmtp, self.lmtp_user, envelope.mail_from, content)
            except (OSError, smtplib.SMTPException) as e:
                print(f"LMTP delivery failed: {e!r}", file=sys.stderr, flush=True)
                return "451 4.3.0 LMTP delivery to the test mailbox failed"
        self.count += 1
        path = os.path.join(self.maildir, f"{self.count}.eml")
        tmp = path + ".partial"
        with open(tmp, "wb") as f:
            f.write(content)
        os.replace(tmp, path)
        return f"250 2.0.0 Ok: queued as test-{self.count}"


def deliver_lmtp(socket_path, user, mail_from, content):
    # smtplib.LMTP treats a host starting with "/" as a unix socket path.
    with smtplib.LMTP(socket_path) as lmtp:
        lmtp.sendmail(mail_from or "", [user], content)


def authenticator_for(expected):
    user, _, password = expected.partition(":")

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login == user.encode()
              and auth_data.password == password.encode())
        # handled=False: aiosmtpd then answers 535 itself (handled=True would send nothing).
        return AuthResult(success=ok, handled=False)

    return authenticate


async def silent_client(reader, writer):
    # Hold the connection open and never send the 220 greeting.
    try:
        await reader.read()
    finally:
        writer.close()


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--mode", choices=["accept", "reject", "tempfail", "silent", "stall"],
                   default="accept")
    p.add_argument("--maildir", default=".")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--implicit-tls", action="store_true")
    p.add_argument("--auth")
    p.add_argument("--lmtp")
    p.add_argument("--lmtp-user")
    args = p.parse_args()
    loop = asyncio.get_running_loop()

    if args.mode == "silent":
        server = await asyncio.start_server(silent_client, "127.0.0.1", args.port)
    else:
        context = None
        if args.cert:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(args.cert, args.key)
        handler = Handler(args.mode, args.maildir, args.lmtp, args.lmtp_user)
        kwargs = dict(hostname="test-smtp.local", enable_SMTPUTF8=True, loop=loop)
        if args.auth:
            kwargs.update(authenticator=authenticator_for(args.auth), auth_required=True)
        if context and not args.implicit_tls:
            kwargs.update(tls_context=context, require_starttls=True)
        if args.implicit_tls:
            # The whole connection is TLS; aiosmtpd only knows about STARTTLS.
            kwargs.update(auth_require_tls=False)
        server = await loop.create_server(
            lambda: SMTP(handler, **kwargs), "127.0.0.1", args.port,
            ssl=context if args.implicit_tls else None)

    port = server.sockets[0].getsockname()[1]
    print(f"LISTENING {port}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
