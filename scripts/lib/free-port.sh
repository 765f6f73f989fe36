# Sourced by every script that starts a server on this machine: the one way to pick a TCP port.
#
#   free_port    a port between 20000 and 32767 that nothing holds now (bound, listening or connected)
#
# Below the kernel's ephemeral range (ip_local_port_range, 32768-60999 here): a port in that range can be taken at
# any moment as the local end of some outgoing connection, which makes a later bind fail with "Address already in
# use" (CI of stop 25: an instance's management port). Checked by binding it without SO_REUSEADDR, which fails for a
# port held by any socket, not only by a listener. 8080-8380 are never chosen (the range starts above them).
free_port() {
    python3 - <<'PY'
import random, socket
for _ in range(200):
    port = random.randint(20000, 32767)
    s = socket.socket()
    try:
        s.bind(("0.0.0.0", port))
    except OSError:
        continue
    finally:
        s.close()
    print(port)
    break
else:
    raise SystemExit("no free port between 20000 and 32767")
PY
}
