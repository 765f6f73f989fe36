# Sourced by every script that starts a server on this machine: the one way to pick a TCP port.
#
#   free_port    a port between 20000 and 32767 that nothing holds now (bound, listening or connected) and that no
#                other free_port call picked in the last 15 minutes
#
# Below the kernel's ephemeral range (ip_local_port_range, 32768-60999 here): a port in that range can be taken at
# any moment as the local end of some outgoing connection, which makes a later bind fail with "Address already in
# use" (CI of stop 25: an instance's management port). Checked by binding it without SO_REUSEADDR, which fails for a
# port held by any socket, not only by a listener. 8080-8380 are never chosen (the range starts above them).
#
# A port is free until its server binds it, seconds later: two calls in that window could pick the same one (a
# service's API and management ports, two instances started together, or two scripts on a shared machine). Each
# pick is therefore reserved as a file in FREE_PORT_DIR (default /tmp/subupgrade-ports, shared by every checkout
# on the machine), created exclusively, and no call picks a port reserved less than 15 minutes ago; by then its
# server holds it (the bind check covers it) or has gone.
free_port() {
    FREE_PORT_DIR=${FREE_PORT_DIR:-/tmp/subupgrade-ports} python3 - <<'PY'
import os, random, socket, time
folder = os.environ["FREE_PORT_DIR"]
try:
    os.makedirs(folder, exist_ok=True)
    os.chmod(folder, 0o1777)  # every user of the machine reserves here (sticky: each removes only its own)
except OSError:
    pass  # made by another user: still usable while it is writable
for _ in range(500):
    port = random.randint(20000, 32767)
    mark = os.path.join(folder, str(port))
    try:
        if time.time() - os.stat(mark).st_mtime < 900:
            continue
        os.unlink(mark)
    except FileNotFoundError:
        pass
    except OSError:
        continue
    s = socket.socket()
    try:
        s.bind(("0.0.0.0", port))
    except OSError:
        continue
    finally:
        s.close()
    try:
        os.close(os.open(mark, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
    except FileExistsError:
        continue
    except OSError:
        pass  # no reservation possible (a folder of another user's): the bind check alone, as before
    print(port)
    break
else:
    raise SystemExit("no free port between 20000 and 32767")
PY
}
