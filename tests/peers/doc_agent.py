"""A Pulse agent written from docs/protocol.md alone, with the stock python-socketio client.

Usage: doc_agent.py URL TOKEN HOST_ID COUNT
Connects to /agent, says hello, sends COUNT samples (one per batch, then one batch of the
last few again to show resends are idempotent) and prints one JSON line per ack on stdout.
Exit code 0 when every step was acknowledged as documented; 3 when the server refused us.
"""
import json
import sys
import time

import socketio


def main() -> int:
    url, token, host_id, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    sio = socketio.Client(reconnection=False)
    refused = {}

    @sio.on("connect_error", namespace="/agent")
    def on_connect_error(data):
        refused["data"] = data

    try:
        sio.connect(url, namespaces=["/agent"], transports=["websocket", "polling"],
                    auth={"token": token, "hostId": host_id, "protocol": 1}, wait_timeout=5)
    except socketio.exceptions.ConnectionError as err:
        print(json.dumps({"event": "refused", "error": str(err), "data": refused.get("data")}), flush=True)
        return 3

    hello = {
        "hostId": host_id,
        "hostname": host_id + ".python",
        "os": {"platform": "linux", "distro": "Python", "release": sys.version.split()[0], "kernel": "", "arch": ""},
        "cpu": {"model": "Doc CPU", "cores": 2, "physicalCores": 1},
        "memTotal": 4_000_000_000,
        "bootTime": None,
        "labels": {"written_from": "docs"},
        "agentVersion": "doc-agent 1",
        "intervalMs": 1000,
    }
    ack = sio.call("agent:hello", hello, namespace="/agent", timeout=10)
    print(json.dumps({"event": "agent:hello", "ack": ack}), flush=True)
    if not ack.get("ok"):
        return 1

    now = int(time.time() * 1000)
    samples = []
    for seq in range(count):
        sample = {
            "host": host_id,
            "seq": seq,
            "ts": now - (count - seq) * 1000,
            "cpu": {"total": 10.0 + seq, "user": 5.0, "system": 5.0 + seq, "cores": [10.0 + seq, 10.0 + seq]},
            "load": [0.5, 0.4, 0.3],
            "mem": {"total": 4_000_000_000, "used": 1_000_000_000 + seq, "available": 3_000_000_000 - seq,
                    "swapTotal": 0, "swapUsed": 0},
            "disk": None if seq == 0 else {"readBps": 100 * seq, "writeBps": 200 * seq},
            "net": {"rxBps": None if seq == 0 else 1000 * seq, "txBps": None if seq == 0 else 500 * seq,
                    "ifaces": [{"name": "eth0", "rxBps": None, "txBps": None}]},
            "temp": None,
            "uptime": 3600 + seq,
        }
        if seq == 0:
            sample["fs"] = [{"mount": "/", "type": "ext4", "size": 100_000_000_000, "used": 25_000_000_000}]
        samples.append(sample)
        ack = sio.call("agent:samples", {"samples": [sample]}, namespace="/agent", timeout=10)
        print(json.dumps({"event": "agent:samples", "seq": seq, "ack": ack}), flush=True)
        if not ack.get("ok"):
            return 1

    ack = sio.call("agent:samples", {"samples": samples[-3:]}, namespace="/agent", timeout=10)
    print(json.dumps({"event": "agent:samples", "resend": True, "ack": ack}), flush=True)
    bad = dict(samples[0], cpu={"total": 150, "user": 0, "system": 0, "cores": []})
    ack = sio.call("agent:samples", {"samples": [bad]}, namespace="/agent", timeout=10)
    print(json.dumps({"event": "agent:samples", "invalid": True, "ack": ack}), flush=True)
    sio.disconnect()
    return 0


if __name__ == "__main__":
    sys.exit(main())
