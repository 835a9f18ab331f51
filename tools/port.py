"""Check that `make serve` can listen on its port before mkdocs tries.

mkdocs serve answers a busy port with a Python traceback. This says in one
Chinese line which port is busy and which free one to use instead, and exits 1.
Usage: python tools/port.py PORT
"""

import errno
import socket
import sys

HOST = "127.0.0.1"


def is_free(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((HOST, port))
        except OSError as error:
            if error.errno in (errno.EADDRINUSE, errno.EACCES):
                return False
            raise
    return True


def free_port_after(port):
    for candidate in range(port + 1, min(port + 100, 65536)):
        if is_free(candidate):
            return candidate
    return None


def main(argv):
    text = argv[0] if argv else ""
    if not text.isdigit() or not 0 < int(text) < 65536:
        print(f"PORT 应为 1 到 65535 之间的数字，现在是「{text}」，例如：make serve PORT=8001", file=sys.stderr)
        return 2
    port = int(text)
    if is_free(port):
        return 0
    other = free_port_after(port)
    hint = f"请改用：make serve PORT={other}" if other else "请关闭占用它的程序后重试"
    print(f"端口 {port} 已被占用（可能另一个 make serve 正在运行），{hint}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
