"""A real SMTP server for the task tests: speaks enough SMTP over TCP for smtplib, counts what it accepts.

An email counts as delivered when the sink answers "250" to its final "." (the moment a real mail server takes
responsibility for it). `hold_after(n)` makes the sink stop answering before the (n+1)th email's MAIL FROM, until
`release()`: the moment a test kills a sender.
"""

import collections
import contextlib
import socket
import threading


class SMTPSink:
    def __init__(self):
        self.delivered = collections.Counter()
        self.messages = []
        self.refused = set()
        self.lock = threading.Lock()
        self.holding = threading.Event()
        self.released = threading.Event()
        self.released.set()
        self.hold_at = None
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(32)
        self.port = self.listener.getsockname()[1]
        self.stopped = threading.Event()
        self.connections = []

    @property
    def count(self):
        with self.lock:
            return len(self.messages)

    def hold_after(self, count):
        self.hold_at, self.holding = count, threading.Event()
        self.released.clear()

    def release(self):
        self.hold_at = None
        self.released.set()

    def serve(self):
        self.listener.settimeout(0.2)
        while not self.stopped.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections.append(conn)
            threading.Thread(target=self.session, args=(conn,), daemon=True).start()

    def session(self, conn):
        reader = conn.makefile("rb")

        def reply(line):
            conn.sendall(line.encode() + b"\r\n")

        try:
            reply("220 sink.test ESMTP")
            recipients = []
            while True:
                line = reader.readline()
                if not line:
                    return
                verb = line[:4].upper()
                if verb in (b"EHLO", b"HELO"):
                    reply("250 sink.test")
                elif verb == b"MAIL":
                    if self.hold_at is not None and self.count >= self.hold_at:
                        self.holding.set()
                        self.released.wait()
                    recipients = []
                    reply("250 OK")
                elif verb == b"RCPT":
                    address = line.split(b":", 1)[1].strip().strip(b"<>").decode()
                    if address in self.refused:
                        reply("550 No such user")
                    else:
                        recipients.append(address)
                        reply("250 OK")
                elif verb == b"DATA":
                    reply("354 End data with <CR><LF>.<CR><LF>")
                    body = []
                    while (data := reader.readline()) not in (b".\r\n", b""):
                        body.append(data)
                    with self.lock:
                        self.messages.append((list(recipients), b"".join(body)))
                        self.delivered.update(recipients)
                    reply("250 OK queued")
                elif verb == b"QUIT":
                    reply("221 Bye")
                    return
                else:
                    reply("250 OK")
        except OSError:
            return
        finally:
            conn.close()

    def close(self):
        self.stopped.set()
        self.release()
        self.listener.close()
        for conn in self.connections:
            with contextlib.suppress(OSError):
                conn.close()


@contextlib.contextmanager
def smtp_sink():
    sink = SMTPSink()
    thread = threading.Thread(target=sink.serve, daemon=True)
    thread.start()
    try:
        yield sink
    finally:
        sink.close()
        thread.join(timeout=2)
